package io.finpipe.bank.testing;

import io.finpipe.bank.Config;
import java.time.Duration;
import java.util.UUID;

/** Fresh databases for tests: an in-memory H2, or a new database on the shared MariaDB. */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static Config h2() {
        return config("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "");
    }

    public static Config mariaDb() {
        return config(MariaDbServer.newDatabase(), "root", "");
    }

    public static Config config(String url, String user, String password) {
        return new Config(0, url, user, password, 20, Duration.ofSeconds(5), Config.DEFAULT_HTTP_THREADS);
    }
}
