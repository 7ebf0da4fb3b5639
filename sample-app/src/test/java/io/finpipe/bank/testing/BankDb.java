package io.finpipe.bank.testing;

import io.finpipe.bank.Config;
import io.finpipe.bank.db.BankDao;
import io.finpipe.bank.db.Database;
import io.finpipe.bank.web.Services;
import java.math.BigDecimal;
import java.util.List;

/** A migrated database with the services on top, for service tests on H2 and MariaDB alike. */
public final class BankDb implements AutoCloseable {

    public final MutableClock clock = new MutableClock();
    public final Database database;
    public final Services services;

    public BankDb(Config config) {
        database = new Database(config);
        database.migrate();
        services = Services.create(database.jdbi(), clock, (kind, amount) -> { });
    }

    public BankDao dao() {
        return checks().dao();
    }

    public BigDecimal totalBalance() {
        return checks().totalBalance();
    }

    public List<String> accountsOutOfBalance() {
        return dao().accountsOutOfBalance();
    }

    public long count(String table) {
        return checks().count(table);
    }

    public Checks checks() {
        return new Checks(database);
    }

    /** Direct reads tests assert on. */
    public record Checks(Database database) {
        public BankDao dao() {
            return BankDao.onDemand(database.jdbi());
        }

        /** Sum of all balances: what transfers must never change. */
        public BigDecimal totalBalance() {
            return database.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(balance), 0) FROM accounts")
                    .mapTo(BigDecimal.class).one());
        }

        public long count(String table) {
            return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
