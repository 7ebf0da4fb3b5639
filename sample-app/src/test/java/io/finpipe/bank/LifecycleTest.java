package io.finpipe.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finpipe.bank.service.AuthService;
import io.finpipe.bank.service.Secrets;
import io.finpipe.bank.testing.BankDb;
import io.finpipe.bank.testing.MariaDbServer;
import io.finpipe.bank.testing.RunningApp;
import io.finpipe.bank.testing.TcpProxy;
import io.finpipe.bank.testing.TestDatabases;
import io.finpipe.bank.testing.WebClient;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Ops behaviour: health without a database, readiness, metrics, JSON logs with request ids, graceful stop. */
class LifecycleTest {

    @Test
    void healthAnswersWithoutADatabaseAndReadinessWaitsForIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Config unreachable = TestDatabases.config("jdbc:mysql://127.0.0.1:" + closedPort + "/bank?connectTimeout=500", "u", "p");
        try (BankApp app = new BankApp(unreachable, Clock.systemUTC()).start()) {
            WebClient client = new WebClient("http://127.0.0.1:" + app.port());
            assertThat(client.get("/health").status()).isEqualTo(200);
            assertThat(client.get("/health").json().get("status").asText()).isEqualTo("UP");
            WebClient.Reply ready = client.get("/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("status").asText()).isEqualTo("DOWN");
            WebClient.Reply api = client.get("/api/v1/accounts");
            assertThat(api.status()).isEqualTo(503);
            assertThat(api.header("Retry-After")).isEqualTo("5");
            assertThat(api.header("Content-Type")).startsWith("application/json");
            assertThat(api.json().get("error").asText()).isEqualTo("not_ready");
            WebClient.Reply page = client.get("/login");
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.header("Content-Type")).startsWith("text/plain");
            assertThat(client.get("/metrics").status()).isEqualTo(200);
        }
    }

    @Test
    void aDatabaseOutageAnswers503DbUnavailableAndReadinessFailsWellWithinTheLoadBalancersTimeout() throws Exception {
        // MariaDB behind a proxy the test can cut, as a database that goes away; with two pooled connections
        // (Flyway needs both) the pool is soon empty, as in a longer outage
        String direct = TestDatabases.mariaDb().jdbcUrl();
        TcpProxy database = new TcpProxy(MariaDbServer.port());
        String url = direct.replace(":" + MariaDbServer.port() + "/", ":" + database.port() + "/");
        Config twoPooled = new Config(0, url, "root", "", 2, Duration.ofSeconds(1), Config.DEFAULT_HTTP_THREADS);
        try (RunningApp server = new RunningApp(twoPooled)) {
            WebClient client = new WebClient(server.baseUrl);
            client.postJson("/api/v1/users", Map.of("firstName", "O", "lastName", "O", "username", "outage",
                    "password", "password123", "passwordRepeat", "password123"));
            String token = client.postJson("/api/v1/tokens", Map.of("username", "outage", "password", "password123"))
                    .json().get("token").asText();
            assertThat(client.get("/accounts").status()).isEqualTo(200);
            database.close();

            WebClient.Reply api = client.get("/api/v1/accounts", "Authorization", "Bearer " + token);
            assertThat(api.status()).as(api.body()).isEqualTo(503);
            assertThat(api.header("Content-Type")).startsWith("application/json");
            assertThat(api.json().get("error").asText()).isEqualTo("db_unavailable");
            assertThat(api.header("Retry-After")).isNotNull();
            WebClient.Reply page = client.get("/accounts");
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.html().select("#message").text()).contains("database");
            assertThat(page.header("Retry-After")).isNotNull();

            // the pool holds no connection: asking for one waits for the pool's 5 s timeout
            long started = System.nanoTime();
            WebClient.Reply ready = client.get("/health/ready");
            long readyMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(ready.status()).isEqualTo(503);
            assertThat(readyMillis).as("the ALB's health check times out after 5 s").isLessThan(3_000);

            // failed in the filters before their routes ran (token, session): still labelled with the route
            assertThat(client.get("/metrics").body())
                    .contains("http_requests_total{method=\"GET\",route=\"/api/v1/accounts\",status=\"503\"} 1.0")
                    .contains("http_requests_total{method=\"GET\",route=\"/accounts\",status=\"503\"} 1.0");
        } finally {
            database.close();
        }
    }

    @Test
    void readyOnceMigratedAndMetricsCountRoutesMoneyAndPool() {
        try (RunningApp server = RunningApp.onH2()) {
            WebClient client = new WebClient(server.baseUrl);
            assertThat(client.get("/health/ready").status()).isEqualTo(200);
            client.postJson("/api/v1/users", Map.of("firstName", "M", "lastName", "M", "username", "metrics",
                    "password", "password123", "passwordRepeat", "password123"));
            String token = client.postJson("/api/v1/tokens", Map.of("username", "metrics", "password", "password123"))
                    .json().get("token").asText();
            String number = client.postJson("/api/v1/accounts", Map.of("name", "M", "type", "CHECKING"),
                    "Authorization", "Bearer " + token).json().get("number").asText();
            client.postJson("/api/v1/accounts/" + number + "/deposits", Map.of("amount", "12.50"), "Authorization", "Bearer " + token);
            client.get("/api/v1/accounts/" + number, "Authorization", "Bearer " + token);
            client.get("/nothing-here");
            WebClient.Reply metrics = client.get("/metrics");
            assertThat(metrics.header("Content-Type")).startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("http_requests_total{method=\"GET\",route=\"/api/v1/accounts/:number\",status=\"200\"} 1.0")
                    .contains("http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1.0")
                    .contains("http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/v1/tokens\",le=\"+Inf\"} 1")
                    .contains("bank_money_movements_total{kind=\"DEPOSIT\"} 1.0")
                    .contains("bank_money_moved_euros_total{kind=\"DEPOSIT\"} 12.5")
                    .contains("db_pool_connections{state=\"total\"}");
        }
    }

    @Test
    void madeUpMethodsShareOneMetricsLabel() {
        try (RunningApp server = RunningApp.onH2()) {
            WebClient client = new WebClient(server.baseUrl);
            for (int i = 0; i < 50; i++) {
                assertThat(client.send("MADEUP" + i, "/accounts").status()).isEqualTo(404);
            }
            client.send("PATCH", "/accounts");
            assertThat(client.send("HEAD", "/health").status()).isEqualTo(200);
            String metrics = client.get("/metrics").body();
            assertThat(metrics).doesNotContain("MADEUP")
                    .contains("http_requests_total{method=\"OTHER\",route=\"unmatched\",status=\"404\"} 50.0")
                    .contains("http_requests_total{method=\"PATCH\",route=\"unmatched\",status=\"404\"} 1.0")
                    .contains("http_requests_total{method=\"HEAD\",route=\"/health\",status=\"200\"} 1.0");
        }
    }

    @Test
    void expiredSessionsLeftFromBeforeTheStartArePurgedOnceMigrated() throws InterruptedException {
        Config config = TestDatabases.h2();
        try (BankDb before = new BankDb(config)) {
            before.database.jdbi().useHandle(h -> h.execute("INSERT INTO web_sessions (id_hash, user_id, csrf_token, expires_at) "
                    + "VALUES ('" + "e".repeat(64) + "', NULL, 'csrf', TIMESTAMP '2001-01-01 00:00:00')"));
            AuthService.NewSession live = before.services.auth().startSession(null);
            try (RunningApp server = new RunningApp(config)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (server.checks().count("web_sessions") > 1 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(server.checks().count("web_sessions")).isEqualTo(1);
                assertThat(server.checks().dao().signedSession(Secrets.sha256(live.cookieValue()))).isPresent();
            }
        }
    }

    @Test
    void jettyRunsWithTheConfiguredWorkerThreads() {
        Config h2 = TestDatabases.h2();
        Config nineThreads = new Config(0, h2.jdbcUrl(), h2.dbUser(), h2.dbPassword(), 2, Duration.ofSeconds(1), 9);
        try (RunningApp server = new RunningApp(nineThreads)) {
            assertThat(server.app.http().maxThreads()).isEqualTo(9);
            assertThat(new WebClient(server.baseUrl).get("/health/ready").status()).isEqualTo(200);
        }
    }

    @Test
    void jvmMetricsAppearSoonAfterReadiness() throws InterruptedException {
        try (RunningApp server = RunningApp.onH2()) {
            WebClient client = new WebClient(server.baseUrl);
            // registered in the background once migrated, to keep the platform MBeans off the way to ready
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.get("/metrics").body().contains("jvm_memory_used_bytes") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.get("/metrics").body()).contains("jvm_memory_used_bytes").contains("jvm_threads_current");
        }
    }

    @Test
    void logsAreJsonWithTheRequestId() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("io.finpipe.bank.access");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        access.addAppender(captured);
        Level level = access.getLevel();
        access.setLevel(Level.INFO);
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.start();
        try (RunningApp server = RunningApp.onH2()) {
            WebClient.Reply reply = new WebClient(server.baseUrl).get("/login", "X-Request-Id", "trace-abc-123");
            assertThat(reply.header("X-Request-Id")).isEqualTo("trace-abc-123");
            String generated = new WebClient(server.baseUrl).get("/login", "X-Request-Id", "bad id with spaces").header("X-Request-Id");
            assertThat(generated).matches("[0-9a-f-]{36}");
        } finally {
            access.detachAppender(captured);
            access.setLevel(level);
        }
        JsonNode line = new ObjectMapper().readTree(new String(encoder.encode(captured.list.get(0)), StandardCharsets.UTF_8));
        assertThat(line.get("requestId").asText()).isEqualTo("trace-abc-123");
        assertThat(line.get("message").asText()).isEqualTo("GET /login 200 " + line.get("message").asText().split(" ")[3]);
        assertThat(line.get("level").asText()).isEqualTo("INFO");
    }

    @Test
    void stopLetsInFlightRequestsFinishAndRefusesNewOnes() throws Exception {
        try (RunningApp server = RunningApp.onH2()) {
            CountDownLatch started = new CountDownLatch(1);
            server.app.http().spark().get("/test/slow", (req, res) -> {
                started.countDown();
                Thread.sleep(1500);
                return "finished";
            });
            WebClient client = new WebClient(server.baseUrl);
            CompletableFuture<WebClient.Reply> inFlight = CompletableFuture.supplyAsync(() -> client.get("/test/slow"));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            long stopping = System.nanoTime();
            server.close();
            long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
            WebClient.Reply reply = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("finished");
            assertThat(stopMillis).as("waited for the in-flight request").isGreaterThan(500);
            assertThatThrownBy(() -> new WebClient(server.baseUrl).get("/health")).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void graceRunsOutForRequestsThatTakeTooLong() throws Exception {
        Config config = TestDatabases.config(TestDatabases.h2().jdbcUrl(), "sa", "");
        Config shortGrace = new Config(0, config.jdbcUrl(), "sa", "", 2, Duration.ofMillis(300), Config.DEFAULT_HTTP_THREADS);
        RunningApp server = new RunningApp(shortGrace);
        server.app.http().spark().get("/test/stuck", (req, res) -> {
            Thread.sleep(20_000);
            return "never";
        });
        CompletableFuture.runAsync(() -> new WebClient(server.baseUrl).get("/test/stuck"));
        Thread.sleep(300);
        long stopping = System.nanoTime();
        server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5)); // 20 s if Jetty waited for the stuck thread
    }
}
