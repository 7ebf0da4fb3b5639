package io.finpipe.bank;

import io.finpipe.bank.db.Database;
import io.finpipe.bank.web.HttpServer;
import io.finpipe.bank.web.Metrics;
import io.finpipe.bank.web.Services;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The banking service. HTTP comes up first (GET /health answers at once); the database is connected
 * and migrated in the background, retried until it works, and only then is GET /health/ready 200.
 * SIGTERM stops accepting, lets in-flight requests finish within SHUTDOWN_GRACE_SECONDS, then exits.
 */
public final class BankApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BankApp.class);
    private static final Duration MIGRATION_RETRY = Duration.ofSeconds(2);
    /** Well under the ALB health check's 5 s timeout (app-infra load-balancer), so it hears a 503, not a timeout. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Expired browser sessions (anonymous ones pile up from every first visit) and login failures past the
     * throttle window are deleted this often.
     */
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    private static final int PURGE_BATCH = 1_000;

    private final Config config;
    private final Database database;
    private final HttpServer http;
    private final Metrics metrics;
    private final Services services;
    /** Completed by the db-migrate thread once migrations are applied. */
    private final CompletableFuture<Void> migration = new CompletableFuture<>();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "housekeeping");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

    public BankApp(Config config, Clock clock) {
        this.config = config;
        this.database = new Database(config);
        // Flyway and H2's start are the longest stretch before ready: they begin now, while the metrics, the
        // services and the HTTP server are set up. The thread reads only database and the volatile stopping.
        Thread migrator = new Thread(() -> migrateUntilDone(database), "db-migrate");
        migrator.setDaemon(true);
        migrator.start();
        this.metrics = new Metrics(database::pool);
        this.services = Services.create(database.jdbi(), clock, metrics::moneyMoved);
        this.http = new HttpServer(config.port(), config.httpThreads(), services, metrics, this::serving, this::ready);
    }

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.fromEnv(System.getenv());
        } catch (Config.ConfigException e) {
            LOG.error("configuration error: {}", e.getMessage());
            System.exit(2);
            return;
        }
        BankApp app = new BankApp(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        app.start();
        LOG.info("listening on port {} ({})", app.port(), config.embeddedH2() ? config.jdbcUrl() : "external database");
    }

    /** Starts HTTP (migrations already run since construction); housekeeping begins once migrated. */
    public BankApp start() {
        http.start();
        migration.thenRun(() -> {
            // JVM metrics register the platform MBeans (~300 classes): after ready, not on the way to it
            housekeeping.execute(metrics::registerJvmMetrics);
            housekeeping.scheduleWithFixedDelay(this::purgeExpiredRows, 0, PURGE_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        });
        return this;
    }

    public int port() {
        return http.port();
    }

    /** Serving requests: migrations applied and not shutting down. */
    public boolean serving() {
        return migration.isDone() && !stopping;
    }

    /** Ready for traffic (the load balancer's check): serving, and the database answers within READY_TIMEOUT. */
    public boolean ready() {
        return serving() && database.reachable(READY_TIMEOUT);
    }

    /** Waits until migrations are applied (tests, benchmarks). */
    public BankApp awaitMigrated(Duration timeout) throws InterruptedException {
        try {
            migration.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("database not migrated within " + timeout, e);
        }
        return this;
    }

    public Database database() {
        return database;
    }

    public HttpServer http() {
        return http;
    }

    private void migrateUntilDone(Database database) {
        while (!stopping) {
            try {
                database.migrate();
                LOG.info("database migrated and ready");
                migration.complete(null);
                return;
            } catch (RuntimeException e) {
                LOG.warn("database not ready, retrying in {} s: {}", MIGRATION_RETRY.toSeconds(), e.getMessage());
                try {
                    Thread.sleep(MIGRATION_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void purgeExpiredRows() {
        try {
            int sessions = services.auth().purgeExpiredSessions(PURGE_BATCH);
            int loginFailures = services.auth().purgeStaleLoginFailures(PURGE_BATCH);
            LOG.info("purged {} expired sessions and {} stale login failures", sessions, loginFailures);
        } catch (RuntimeException e) {
            // a database hiccup: the next run catches up (an escaping exception would cancel the schedule)
            LOG.warn("purging expired sessions and login failures failed: {}", e.toString());
        }
    }

    /** Graceful stop: readiness goes DOWN, in-flight requests finish within the grace period, then the pool closes. */
    @Override
    public synchronized void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        LOG.info("stopping: draining requests for up to {} s", config.shutdownGrace().toSeconds());
        housekeeping.shutdownNow();
        try {
            http.stop(config.shutdownGrace());
        } finally {
            // the last step: on embedded H2 this also closes the database (H2's own exit hook is off)
            database.close();
        }
        LOG.info("stopped");
    }
}
