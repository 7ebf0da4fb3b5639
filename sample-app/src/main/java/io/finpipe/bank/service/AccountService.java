package io.finpipe.bank.service;

import io.finpipe.bank.db.Account;
import io.finpipe.bank.db.BankDao;
import io.finpipe.bank.db.Entry;
import io.finpipe.bank.db.SqlErrors;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/** Opening and looking at accounts. Another user's account is reported exactly like a missing one. */
public final class AccountService {

    public static final int MAX_PAGE_SIZE = 100;
    private static final int NUMBER_ATTEMPTS = 5;

    private final Jdbi jdbi;
    /** For single statements outside a transaction; thread-safe, each call takes a pooled connection. */
    private final BankDao dao;
    private final Clock clock;

    public AccountService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.dao = BankDao.onDemand(jdbi);
        this.clock = clock;
    }

    public Account open(long userId, String rawName, String rawKind) {
        String name = Inputs.required("name", rawName, 60);
        String kind = Inputs.required("type", rawKind, 20).toUpperCase(Locale.ROOT);
        if (!kind.equals("CHECKING") && !kind.equals("SAVINGS")) {
            throw BankException.invalid("type", "type must be CHECKING or SAVINGS");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.withHandle(h -> {
                    BankDao dao = BankDao.on(h);
                    String number = AccountNumbers.generate();
                    dao.insertAccount(userId, number, name, kind, clock.instant());
                    return dao.accountByNumber(number).orElseThrow();
                });
            } catch (RuntimeException e) {
                // a random number already taken: draw another
                if (!SqlErrors.isUniqueViolation(e) || attempt == NUMBER_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    public List<Account> accounts(long userId) {
        return dao.accountsOf(userId);
    }

    /** The user's own account by number; 404 for unknown and for other users' accounts alike. */
    public Account owned(long userId, String field, String rawNumber) {
        String number = Inputs.accountNumber(field, rawNumber);
        return dao.accountByNumber(number)
                .filter(a -> a.userId() == userId)
                .orElseThrow(() -> notOwned(field, number));
    }

    /** The one answer for an account the user does not own, whether it exists or not: 404, nothing revealed. */
    static BankException notOwned(String field, String number) {
        return BankException.notFound(field, "you have no account " + number);
    }

    public record Page(List<Entry> entries, int page, int size, long total) {
        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }
    }

    /** Ledger entries of the user's account, newest first; page is 1-based. */
    public Page history(long userId, String number, int page, int size) {
        Account account = owned(userId, "account", number);
        List<Entry> entries = dao.entriesNewestFirst(account.id(), size, (page - 1) * size);
        return new Page(entries, page, size, dao.countEntries(account.id()));
    }
}
