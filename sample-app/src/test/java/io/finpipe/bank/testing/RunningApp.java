package io.finpipe.bank.testing;

import io.finpipe.bank.BankApp;
import io.finpipe.bank.Config;
import java.time.Duration;

/** The whole service on a free loopback port, started and migrated; close() stops it gracefully. */
public final class RunningApp implements AutoCloseable {

    public final MutableClock clock = new MutableClock();
    public final BankApp app;
    public final String baseUrl;

    public RunningApp(Config config) {
        app = new BankApp(config, clock).start();
        try {
            app.awaitMigrated(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        baseUrl = "http://127.0.0.1:" + app.port();
    }

    public static RunningApp onH2() {
        return new RunningApp(TestDatabases.h2());
    }

    public BankDb.Checks checks() {
        return new BankDb.Checks(app.database());
    }

    @Override
    public void close() {
        app.close();
    }
}
