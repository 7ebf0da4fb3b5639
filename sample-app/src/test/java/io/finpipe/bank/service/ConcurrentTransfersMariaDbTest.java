package io.finpipe.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.finpipe.bank.db.Account;
import io.finpipe.bank.db.User;
import io.finpipe.bank.testing.BankDb;
import io.finpipe.bank.testing.TestDatabases;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many threads transferring random amounts in random directions among a few accounts on a real MariaDB
 * (InnoDB row locks): money is neither lost nor created, nothing goes negative, every balance equals
 * its ledger, and no transfer fails other than by insufficient funds.
 */
class ConcurrentTransfersMariaDbTest {

    private static final int THREADS = 16;
    private static final int TRANSFERS_PER_THREAD = 60;

    @Test
    void randomConcurrentTransfersKeepTheLedgerExact() throws Exception {
        try (BankDb db = new BankDb(TestDatabases.mariaDb())) {
            List<User> users = new ArrayList<>();
            List<Account> accounts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                User user = db.services.auth().register(new AuthService.Registration("C", "T", "concurrent" + i,
                        "parallel pass 1", "parallel pass 1"));
                users.add(user);
                for (int j = 0; j < 2; j++) {
                    Account account = db.services.accounts().open(user.id(), "acc" + j, "CHECKING");
                    db.services.money().deposit(user.id(), account.number(), "1000.00", "seed");
                    accounts.add(account);
                }
            }
            BigDecimal before = db.totalBalance();
            AtomicInteger done = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < TRANSFERS_PER_THREAD; i++) {
                        int from = random.nextInt(accounts.size());
                        int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
                        Account source = accounts.get(from);
                        long owner = source.userId();
                        String amount = BigDecimal.valueOf(random.nextInt(1, 40000), 2).toPlainString();
                        try {
                            db.services.money().transfer(owner, new MoneyService.TransferRequest(source.number(),
                                    accounts.get(to).number(), amount, "load"));
                            done.incrementAndGet();
                        } catch (BankException e) {
                            assertThat(e.code()).isEqualTo("insufficient_funds");
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertThat(done.get() + refused.get()).isEqualTo(THREADS * TRANSFERS_PER_THREAD);
            assertThat(done.get()).as("most transfers go through").isGreaterThan(THREADS * TRANSFERS_PER_THREAD / 2);
            assertThat(db.totalBalance()).isEqualByComparingTo(before);
            assertThat(db.accountsOutOfBalance()).isEmpty();
            for (Account account : accounts) {
                assertThat(db.dao().accountByNumber(account.number()).orElseThrow().balance()).isNotNegative();
            }
            assertThat(db.count("entries")).isEqualTo(accounts.size() + 2L * done.get());
        }
    }
}
