package io.finpipe.bank.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.finpipe.bank.Config;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.transaction.SerializableTransactionRunner;

/** The connection pool, the schema migrations and the JDBI handle on top of them. */
public final class Database implements AutoCloseable {

    /** Deadlock victims (SQLState 40001 on MySQL and H2) are retried this often before the error surfaces. */
    static final int DEADLOCK_RETRIES = 8;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final ExecutorService reachability = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "db-reachable");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Boolean> pendingCheck; // guarded by reachability

    public Database(Config config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("bank");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.dbUser());
        hikari.setPassword(config.dbPassword());
        hikari.setMaximumPoolSize(config.dbPoolSize());
        hikari.setConnectionTimeout(5_000);
        // Start even when the database is not up yet: /health answers, /health/ready waits for it.
        hikari.setInitializationFailTimeout(-1);
        hikari.setRegisterMbeans(false);
        if (config.jdbcUrl().startsWith("jdbc:mysql:")) {
            // HikariCP's recommended MySQL driver settings: statement caches, and session state
            // (autocommit, isolation) tracked locally instead of asked of the server on every borrow.
            hikari.addDataSourceProperty("cachePrepStmts", "true");
            hikari.addDataSourceProperty("prepStmtCacheSize", "250");
            hikari.addDataSourceProperty("prepStmtCacheSqlLimit", "2048");
            hikari.addDataSourceProperty("useServerPrepStmts", "true");
            hikari.addDataSourceProperty("useLocalSessionState", "true");
            hikari.addDataSourceProperty("rewriteBatchedStatements", "true");
            hikari.addDataSourceProperty("cacheResultSetMetadata", "true");
            hikari.addDataSourceProperty("cacheServerConfiguration", "true");
            hikari.addDataSourceProperty("elideSetAutoCommits", "true");
            hikari.addDataSourceProperty("maintainTimeStats", "false");
        }
        dataSource = new HikariDataSource(hikari);
        jdbi = Jdbi.create(dataSource);
        Rows.register(jdbi);
        // JDBI's default message lists the bound values (password hashes, CSRF tokens, session-id hashes,
        // Idempotency-Keys), and a failed request logs its exception: keep only the driver's own message.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        jdbi.setTransactionHandler(new SerializableTransactionRunner());
        jdbi.getConfig(SerializableTransactionRunner.Configuration.class).setMaxRetries(DEADLOCK_RETRIES);
    }

    /** Applies the Flyway migrations under db/migration (the same SQL for H2 and MySQL). */
    public void migrate() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /**
     * True when a connection can be had and answers a trivial query within timeout. The pool waits up to 5 s
     * for a connection; a check still running when the next one comes is waited for, not started again.
     */
    public boolean reachable(Duration timeout) {
        CompletableFuture<Boolean> check;
        synchronized (reachability) {
            if (pendingCheck == null || pendingCheck.isDone()) {
                pendingCheck = CompletableFuture.supplyAsync(this::answers, reachability);
            }
            check = pendingCheck;
        }
        try {
            return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean answers() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public HikariPoolMXBean pool() {
        return dataSource.getHikariPoolMXBean();
    }

    @Override
    public void close() {
        reachability.shutdownNow();
        dataSource.close();
    }
}
