package io.finpipe.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.finpipe.bank.testing.WebClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * BankApp as its own process, as the container runs it: no DB settings → H2 under ./data of its working
 * directory; JSON logs on stdout; SIGTERM stops it cleanly. A bad setting exits 2 naming the variable.
 */
class MainProcessTest {

    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    @Test
    void startsOnH2UnderDataAndStopsOnSigtermFinishingRequestsInFlight() throws Exception {
        Path workDir = Files.createTempDirectory("finpipe-app-");
        Process app = start(workDir, "PORT", "0");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            int port = -1;
            for (String line; port < 0 && (line = out.readLine()) != null; ) {
                lines.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(port).as("log: %s", lines).isPositive();
            assertThat(lines.get(lines.size() - 1)).startsWith("{\"@timestamp\"").contains("\"level\":\"INFO\"");
            // the service's own logging (JsonLogging): every line JSON, the pool's INFO chatter off
            assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("{\"@timestamp\""))
                    .noneMatch(line -> line.contains("\"logger_name\":\"com.zaxxer.hikari"));
            String baseUrl = "http://127.0.0.1:" + port;
            WebClient client = new WebClient(baseUrl);
            assertThat(client.get("/health").status()).isEqualTo(200);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (client.get("/health/ready").status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(client.get("/health/ready").status()).isEqualTo(200);
            assertThat(workDir.resolve("data/bank.mv.db")).exists();

            // Registrations back to back from 4 clients (bcrypt, then the database), so some are in flight at
            // SIGTERM: they must finish (H2's own shutdown hook used to close the database under them: 500).
            ExecutorService load = Executors.newFixedThreadPool(4);
            List<Future<List<Answer>>> clients = new ArrayList<>();
            AtomicInteger created = new AtomicInteger();
            for (int c = 0; c < 4; c++) {
                String prefix = "load" + c + "_";
                clients.add(load.submit(() -> register(new WebClient(baseUrl), prefix, created)));
            }
            while (created.get() < 8 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // SIGTERM as ECS sends it (Process.destroy would also close our end of its stdout)
            long sigterm = System.nanoTime();
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(app.pid())).start().waitFor()).isZero();
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(app.exitValue()).isEqualTo(143);
            List<Answer> answers = new ArrayList<>();
            for (Future<List<Answer>> answered : clients) {
                answers.addAll(answered.get(30, TimeUnit.SECONDS));
            }
            load.shutdown();
            // before the stop: 201; arriving during it: 503; none fails
            assertThat(answers).as("%s", answers).allSatisfy(a -> assertThat(a.status()).isIn(201, 503));
            assertThat(answers).as("answered after SIGTERM: %s", answers).anyMatch(a -> a.status() == 201 && a.atNanos() > sigterm);
            List<String> rest = out.lines().toList();
            assertThat(String.join("\n", rest)).contains("stopping: draining requests").contains("\"message\":\"stopped\"")
                    .doesNotContain("\"level\":\"ERROR\"");
        } finally {
            app.destroyForcibly();
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    record Answer(int status, long atNanos) {
    }

    /** Registers users one after another until the server stops answering (or answers 503); every answer. */
    private static List<Answer> register(WebClient client, String prefix, AtomicInteger created) {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int status;
            try {
                status = client.postJson("/api/v1/users", Map.of("firstName", "L", "lastName", "L", "username", prefix + i,
                        "password", "password123", "passwordRepeat", "password123")).status();
            } catch (UncheckedIOException closed) {
                break;
            }
            answers.add(new Answer(status, System.nanoTime()));
            if (status != 201) {
                break;
            }
            created.incrementAndGet();
        }
        return answers;
    }

    @Test
    void badConfigurationExitsWithAMessageNamingTheVariable() throws Exception {
        Path workDir = Files.createTempDirectory("finpipe-app-");
        Process app = start(workDir, "PORT", "eighty");
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(app.exitValue()).isEqualTo(2);
        assertThat(log).contains("configuration error: PORT must be a whole number from 0 to 65535, got 'eighty'");
        // a JDBC URL no driver here accepts: the same one line, not the pool's stack trace
        Process noDriver = start(workDir, "DB_URL", "jdbc:mysq://db/bank");
        assertThat(noDriver.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new String(noDriver.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(noDriver.exitValue()).isEqualTo(2);
        assertThat(lines).singleElement().asString().contains("configuration error: DB_URL must start with jdbc:mysql: or jdbc:h2:");
        Files.delete(workDir);
    }

    private static Process start(Path workDir, String... env) throws Exception {
        // the production classpath: without test-classes (and its logback-test.xml), logging is the service's own
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, BankApp.class.getName())
                .directory(workDir.toFile()).redirectErrorStream(true);
        for (String name : List.of("DB_URL", "DB_SECRET", "DB_USER", "DB_PASSWORD", "DB_HOST", "DB_NAME")) {
            builder.environment().remove(name);
        }
        for (int i = 0; i < env.length; i += 2) {
            builder.environment().put(env[i], env[i + 1]);
        }
        return builder.start();
    }
}
