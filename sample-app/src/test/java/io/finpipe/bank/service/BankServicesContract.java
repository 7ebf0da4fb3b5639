package io.finpipe.bank.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finpipe.bank.Config;
import io.finpipe.bank.db.Account;
import io.finpipe.bank.db.ApiToken;
import io.finpipe.bank.db.BankDao;
import io.finpipe.bank.db.Entry;
import io.finpipe.bank.db.IdempotencyRecord;
import io.finpipe.bank.db.SessionWithAccounts;
import io.finpipe.bank.db.SignedSession;
import io.finpipe.bank.db.User;
import io.finpipe.bank.testing.BankDb;
import io.finpipe.bank.web.Services;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Repository and service behaviour, run once per database (H2 and real MariaDB) by the subclasses:
 * the same SQL and the same Flyway migrations must behave the same on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BankServicesContract {

    private static final AtomicInteger USERS = new AtomicInteger();

    BankDb db;
    Services bank;

    abstract Config database();

    @BeforeAll
    void migrate() {
        db = new BankDb(database());
        bank = db.services;
    }

    @AfterAll
    void close() {
        db.close();
    }

    User newUser() {
        String name = "user" + USERS.incrementAndGet() + "_" + System.nanoTime() % 100000;
        return bank.auth().register(new AuthService.Registration("Ada", "Lovelace", name, "correct horse 1", "correct horse 1"));
    }

    Account fundedAccount(User user, String amount) {
        Account account = bank.accounts().open(user.id(), "Everyday", "CHECKING");
        if (amount != null) {
            bank.money().deposit(user.id(), account.number(), amount, "salary");
        }
        return account;
    }

    BigDecimal balance(Account account) {
        return db.dao().accountByNumber(account.number()).orElseThrow().balance();
    }

    static void assertFails(ThrowingCallable call, int status, String field, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BankException.class, e -> {
            assertThat(e.status()).as("status").isEqualTo(status);
            assertThat(e.field()).as("field").isEqualTo(field);
            assertThat(e.getMessage()).contains(message);
        });
    }

    // --- schema

    @Test
    void migrationsCreateTheWholeSchema() {
        for (String table : List.of("users", "accounts", "entries", "web_sessions", "api_tokens", "login_failures",
                "idempotency_keys", "savings_projections")) {
            assertThat(db.count(table)).as(table).isGreaterThanOrEqualTo(0);
        }
        assertThat(db.database.reachable(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void thePurgesFindExpiredRowsThroughAnIndex() throws java.sql.SQLException {
        db.database.jdbi().useHandle(h -> {
            var meta = h.getConnection().getMetaData();
            assertThat(firstIndexedColumns(meta, "web_sessions")).as("web_sessions indexes").contains("expires_at");
            assertThat(firstIndexedColumns(meta, "login_failures")).as("login_failures indexes").contains("failed_at");
        });
    }

    /** The first column of each index on table (lower case), as JDBC reports them on H2 and MySQL. */
    private static List<String> firstIndexedColumns(java.sql.DatabaseMetaData meta, String table) throws java.sql.SQLException {
        List<String> columns = new ArrayList<>();
        for (String name : List.of(table, table.toUpperCase())) {
            try (var rs = meta.getIndexInfo(meta.getConnection().getCatalog(), null, name, false, false)) {
                while (rs.next()) {
                    if (rs.getShort("ORDINAL_POSITION") == 1) {
                        columns.add(rs.getString("COLUMN_NAME").toLowerCase());
                    }
                }
            }
        }
        return columns;
    }

    @Test
    void aFailedStatementsMessagesCarryNoBoundValue() {
        String idHash = "f".repeat(64);
        String csrf = "csrf-secret-" + System.nanoTime();
        // no such user: a foreign-key violation, as any failed write (e.g. a read-only database) would be
        assertThatThrownBy(() -> db.dao().insertSession(idHash, Long.MAX_VALUE, csrf, db.clock.instant()))
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(t.getMessage()).as(t.getClass().getName()).doesNotContain(idHash).doesNotContain(csrf);
                    }
                });
    }

    // --- users

    @Test
    void registersAndLogsInWithBcrypt() {
        User user = newUser();
        assertThat(user.passwordHash()).startsWith("$2a$10$").doesNotContain("correct horse");
        assertThat(bank.auth().login(user.username().toUpperCase(), "correct horse 1").id()).isEqualTo(user.id());
        assertFails(() -> bank.auth().login(user.username(), "wrong password 1"), 401, null, "wrong username or password");
        assertFails(() -> bank.auth().login("nobody-here", "correct horse 1"), 401, null, "wrong username or password");
    }

    @Test
    void refusesDuplicateUsernames() {
        User user = newUser();
        assertFails(() -> bank.auth().register(new AuthService.Registration("B", "C", user.username(), "another pass 2",
                "another pass 2")), 409, "username", "already taken");
    }

    @Test
    void refusesBadRegistrations() {
        assertFails(() -> register("A", "B", "ab", "password123", "password123"), 400, "username", "3 to 32 characters");
        assertFails(() -> register("A", "B", "bad name!", "password123", "password123"), 400, "username", "3 to 32");
        assertFails(() -> register("A", "B", "x".repeat(33), "password123", "password123"), 400, "username", "at most 32");
        assertFails(() -> register("A", "B", "weakling", "short1", "short1"), 400, "password", "at least 10");
        assertFails(() -> register("A", "B", "weakling", "onlyletters", "onlyletters"), 400, "password", "letters and digits");
        assertFails(() -> register("A", "B", "weakling", "1234567890", "1234567890"), 400, "password", "letters and digits");
        assertFails(() -> register("A", "B", "weakling", "password123", "password124"), 400, "passwordRepeat", "repeat");
        assertFails(() -> register("", "B", "weakling", "password123", "password123"), 400, "firstName", "required");
        assertFails(() -> register("A", "x".repeat(101), "weakling", "password123", "password123"), 400, "lastName", "at most 100");
        assertThat(db.dao().userByName("weakling")).isEmpty();
    }

    private void register(String first, String last, String username, String password, String repeat) {
        bank.auth().register(new AuthService.Registration(first, last, username, password, repeat));
    }

    @Test
    void throttlesLoginAfterFiveFailuresInTenMinutes() {
        User user = newUser();
        for (int i = 0; i < 5; i++) {
            assertFails(() -> bank.auth().login(user.username(), "wrong password 1"), 401, null, "wrong");
        }
        assertThatThrownBy(() -> bank.auth().login(user.username(), "correct horse 1"))
                .isInstanceOfSatisfying(BankException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isBetween(590L, 601L);
                });
        db.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(bank.auth().login(user.username(), "correct horse 1").id()).isEqualTo(user.id());
    }

    @Test
    void parallelWrongPasswordsGetAtMostFiveTriesBeforeTheThrottle() throws Exception {
        User user = newUser();
        int attempts = 30;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String guess = "wrong password " + i;
                calls.add(() -> {
                    try {
                        bank.auth().login(user.username(), guess);
                        return 200;
                    } catch (BankException e) {
                        return e.status();
                    }
                });
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // each attempt is counted after it is recorded: those that raced count each other, so at most five get to bcrypt
        assertThat(statuses).contains(429).allMatch(s -> s == 401 || s == 429);
        assertThat(statuses.stream().filter(s -> s == 401).count()).as("%s", statuses).isLessThanOrEqualTo(AuthService.MAX_FAILURES);
        assertThatThrownBy(() -> bank.auth().login(user.username(), "correct horse 1"))
                .isInstanceOfSatisfying(BankException.class, e -> assertThat(e.status()).isEqualTo(429));
    }

    @Test
    void passwordsOver72BytesAreRefusedAtRegistrationAndAreWrongAtLogin() {
        String max = "pässword1" + "x".repeat(62); // 72 bytes in UTF-8 (ä takes 2)
        assertThat(max.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(72);
        String name = "long" + USERS.incrementAndGet();
        assertFails(() -> register("A", "B", name, max + "x", max + "x"), 400, "password", "at most 72 bytes");
        register("A", "B", name, max, max);
        assertThat(bank.auth().login(name, max).username()).isEqualTo(name);
        // bcrypt cannot check more than 72 bytes: a wrong password, counted towards the throttle like any other
        for (int i = 0; i < AuthService.MAX_FAILURES; i++) {
            assertFails(() -> bank.auth().login(name, max + "y"), 401, null, "wrong username or password");
        }
        assertThatThrownBy(() -> bank.auth().login(name, max))
                .isInstanceOfSatisfying(BankException.class, e -> assertThat(e.status()).isEqualTo(429));
    }

    // --- tokens and sessions

    @Test
    void tokensExpireAndCanBeRevokedOnlyByTheirOwner() {
        User user = newUser();
        AuthService.IssuedToken first = bank.auth().issueToken(user);
        AuthService.IssuedToken second = bank.auth().issueToken(user);
        assertThat(bank.auth().token(first.token())).map(ApiToken::userId).contains(user.id());
        assertThat(db.dao().tokenByHash(Secrets.sha256(first.token()))).isPresent();
        assertFails(() -> bank.auth().revokeToken(newUser().id(), first.id()), 404, "id", "no active token");
        bank.auth().revokeToken(user.id(), first.id());
        assertThat(bank.auth().token(first.token())).isEmpty();
        assertFails(() -> bank.auth().revokeToken(user.id(), first.id()), 404, "id", "no active token");
        db.clock.advance(AuthService.TOKEN_TTL.plusSeconds(1));
        assertThat(bank.auth().token(second.token())).isEmpty();
        assertThat(bank.auth().token("fpt_made_up")).isEmpty();
    }

    @Test
    void sessionsExpire() {
        AuthService.NewSession session = bank.auth().startSession(null);
        assertThat(bank.auth().session(session.cookieValue())).isPresent();
        db.clock.advance(AuthService.SESSION_TTL.plusSeconds(1));
        assertThat(bank.auth().session(session.cookieValue())).isEmpty();
    }

    @Test
    void aSessionComesWithItsUserOrNoneWhileAnonymous() {
        User user = newUser();
        SignedSession signed = bank.auth().session(bank.auth().startSession(user.id()).cookieValue()).orElseThrow();
        assertThat(signed.user()).isEqualTo(user);
        assertThat(signed.session().userId()).isEqualTo(user.id());
        SignedSession anonymous = bank.auth().session(bank.auth().startSession(null).cookieValue()).orElseThrow();
        assertThat(anonymous.user()).isNull();
        assertThat(anonymous.session().userId()).isNull();
    }

    @Test
    void aSessionComesWithItsUsersAccountsInIdOrderOrNoneWhileAnonymousOrExpired() {
        User user = newUser();
        String cookie = bank.auth().startSession(user.id()).cookieValue();
        SessionWithAccounts none = bank.auth().sessionWithAccounts(cookie).orElseThrow();
        assertThat(none.signed()).isEqualTo(bank.auth().session(cookie).orElseThrow());
        assertThat(none.accounts()).isEmpty();
        Account first = bank.accounts().open(user.id(), "Everyday", "CHECKING");
        Account second = bank.accounts().open(user.id(), "Rainy day", "SAVINGS");
        bank.accounts().open(newUser().id(), "Someone else's", "CHECKING");
        SessionWithAccounts two = bank.auth().sessionWithAccounts(cookie).orElseThrow();
        assertThat(two.signed().user()).isEqualTo(user);
        assertThat(two.accounts()).containsExactly(first, second);
        SessionWithAccounts anonymous = bank.auth().sessionWithAccounts(bank.auth().startSession(null).cookieValue()).orElseThrow();
        assertThat(anonymous.signed().user()).isNull();
        assertThat(anonymous.accounts()).isEmpty();
        assertThat(bank.auth().sessionWithAccounts("made-up")).isEmpty();
        assertThat(bank.auth().sessionWithAccounts(null)).isEmpty();
        db.clock.advance(AuthService.SESSION_TTL.plusSeconds(1));
        assertThat(bank.auth().sessionWithAccounts(cookie)).isEmpty();
    }

    @Test
    void expiredSessionsAnonymousOrNotArePurgedInBatchesAndLiveOnesKept() {
        db.clock.advance(AuthService.SESSION_TTL.plusSeconds(1)); // earlier tests' sessions are expired now
        bank.auth().purgeExpiredSessions(100);
        User user = newUser();
        for (int i = 0; i < 4; i++) {
            bank.auth().startSession(null);
        }
        bank.auth().startSession(user.id());
        db.clock.advance(AuthService.SESSION_TTL.plusSeconds(1));
        AuthService.NewSession live = bank.auth().startSession(user.id());
        AuthService.NewSession anonymousLive = bank.auth().startSession(null);

        assertThat(bank.auth().purgeExpiredSessions(2)).isEqualTo(5);
        assertThat(db.count("web_sessions")).isEqualTo(2);
        assertThat(bank.auth().session(live.cookieValue())).isPresent();
        assertThat(bank.auth().session(anonymousLive.cookieValue())).isPresent();
        assertThat(bank.auth().purgeExpiredSessions(2)).isZero();
    }

    @Test
    void loginFailuresOutsideTheThrottleWindowArePurgedInBatchesAndRecentOnesStillThrottle() {
        db.clock.advance(AuthService.THROTTLE_WINDOW.plusSeconds(1)); // earlier tests' failures are stale now
        bank.auth().purgeStaleLoginFailures(100);
        User old = newUser();
        User recent = newUser();
        for (int i = 0; i < 3; i++) {
            assertFails(() -> bank.auth().login(old.username(), "wrong password 1"), 401, null, "wrong");
        }
        db.clock.advance(AuthService.THROTTLE_WINDOW.plusSeconds(1));
        for (int i = 0; i < AuthService.MAX_FAILURES; i++) {
            assertFails(() -> bank.auth().login(recent.username(), "wrong password 1"), 401, null, "wrong");
        }

        assertThat(bank.auth().purgeStaleLoginFailures(2)).isEqualTo(3);
        assertThat(db.count("login_failures")).isEqualTo(AuthService.MAX_FAILURES);
        assertThat(bank.auth().purgeStaleLoginFailures(2)).isZero();
        assertThatThrownBy(() -> bank.auth().login(recent.username(), "correct horse 1"))
                .isInstanceOfSatisfying(BankException.class, e -> assertThat(e.status()).isEqualTo(429));
    }

    @Test
    void timesInAnswersAreTheTimesStored() {
        db.clock.advance(Duration.ofMillis(123)); // a time with milliseconds, as the system clock's mostly are
        User user = newUser();
        assertThat(db.dao().userByName(user.username()).orElseThrow().createdAt()).isEqualTo(user.createdAt());
        Account account = bank.accounts().open(user.id(), "Times", "CHECKING");
        assertThat(db.dao().accountByNumber(account.number()).orElseThrow().createdAt()).isEqualTo(account.createdAt());
        Entry deposit = bank.money().deposit(user.id(), account.number(), "10.00", "t");
        MoneyService.Transfer transfer = bank.money().transfer(user.id(),
                new MoneyService.TransferRequest(account.number(), fundedAccount(user, null).number(), "1.00", "t"));
        assertThat(bank.accounts().history(user.id(), account.number(), 1, 10).entries()).extracting(Entry::createdAt)
                .containsExactly(transfer.createdAt(), deposit.createdAt());
        AuthService.IssuedToken token = bank.auth().issueToken(user);
        assertThat(bank.auth().token(token.token()).orElseThrow().expiresAt()).isEqualTo(token.expiresAt());
        SavingsService.Plan plan = bank.savings().project(user.id(), "t", "1", "1", "1");
        assertThat(bank.savings().plan(user.id(), plan.projection().id()).projection().createdAt())
                .isEqualTo(plan.projection().createdAt());
    }

    // --- accounts

    @Test
    void opensAccountsWithCheckedNumbersInEur() {
        User user = newUser();
        Account checking = bank.accounts().open(user.id(), "Everyday", "checking");
        Account savings = bank.accounts().open(user.id(), "Rainy day", "SAVINGS");
        assertThat(checking.number()).matches("FP\\d{12}").isNotEqualTo(savings.number());
        assertThat(AccountNumbers.valid(checking.number())).isTrue();
        assertThat(checking.currency()).isEqualTo("EUR");
        assertThat(checking.balance()).isEqualByComparingTo("0");
        assertThat(bank.accounts().accounts(user.id())).extracting(Account::kind).containsExactly("CHECKING", "SAVINGS");
        assertFails(() -> bank.accounts().open(user.id(), "X", "GOLD"), 400, "type", "CHECKING or SAVINGS");
        assertFails(() -> bank.accounts().open(user.id(), " ", "SAVINGS"), 400, "name", "required");
        assertFails(() -> bank.accounts().open(user.id(), "n".repeat(61), "SAVINGS"), 400, "name", "at most 60");
    }

    @Test
    void anotherUsersAccountLooksExactlyLikeAMissingOne() {
        Account theirs = fundedAccount(newUser(), "50.00");
        User me = newUser();
        fundedAccount(me, "50.00");
        assertFails(() -> bank.accounts().owned(me.id(), "number", theirs.number()), 404, "number", "you have no account");
        assertFails(() -> bank.money().withdraw(me.id(), theirs.number(), "10", ""), 404, "account", "you have no account");
        assertFails(() -> bank.accounts().history(me.id(), theirs.number(), 1, 10), 404, "account", "you have no account");
        assertThat(balance(theirs)).isEqualByComparingTo("50.00");
    }

    // --- money

    @Test
    void depositsAndWithdrawalsAreLedgerEntries() {
        User user = newUser();
        Account account = fundedAccount(user, "100.00");
        Entry withdrawal = bank.money().withdraw(user.id(), account.number(), "30.25", "");
        assertThat(withdrawal.amount()).isEqualByComparingTo("-30.25");
        assertThat(withdrawal.balanceAfter()).isEqualByComparingTo("69.75");
        assertThat(withdrawal.description()).isEqualTo("Withdrawal");
        assertThat(balance(account)).isEqualByComparingTo("69.75");
        assertThat(db.accountsOutOfBalance()).isEmpty();
    }

    @Test
    void refusesOverdraftAndChangesNothing() {
        User user = newUser();
        Account account = fundedAccount(user, "10.00");
        long entries = db.count("entries");
        assertFails(() -> bank.money().withdraw(user.id(), account.number(), "10.01", ""), 409, "amount", "insufficient funds");
        assertThat(balance(account)).isEqualByComparingTo("10.00");
        assertThat(db.count("entries")).isEqualTo(entries);
    }

    @Test
    void refusesBadAmountsAndChangesNothing() {
        User user = newUser();
        Account account = fundedAccount(user, "10.00");
        long entries = db.count("entries");
        assertFails(() -> deposit(user, account, "-1"), 400, "amount", "greater than 0");
        assertFails(() -> deposit(user, account, "0"), 400, "amount", "greater than 0");
        assertFails(() -> deposit(user, account, "0.001"), 400, "amount", "at most 2 decimal places");
        assertFails(() -> deposit(user, account, "1e9"), 400, "amount", "at most 1000000.00");
        assertFails(() -> deposit(user, account, "1000000.01"), 400, "amount", "at most 1000000.00");
        assertFails(() -> deposit(user, account, "abc"), 400, "amount", "must be a number");
        assertFails(() -> deposit(user, account, ""), 400, "amount", "required");
        assertFails(() -> deposit(user, account, null), 400, "amount", "required");
        assertFails(() -> bank.money().deposit(user.id(), account.number(), "1", "d".repeat(141)), 400, "description", "at most 140");
        assertFails(() -> bank.money().deposit(user.id(), "FP000000000000", "1", ""), 400, "account", "account number like");
        assertThat(db.count("entries")).isEqualTo(entries);
        assertThat(balance(account)).isEqualByComparingTo("10.00");
        deposit(user, account, "1000000.00");
        assertThat(balance(account)).isEqualByComparingTo("1000010.00");
    }

    private void deposit(User user, Account account, String amount) {
        bank.money().deposit(user.id(), account.number(), amount, "");
    }

    @Test
    void transfersMoveBothSidesInOneTransaction() {
        User alice = newUser();
        User bob = newUser();
        Account from = fundedAccount(alice, "100.00");
        Account own = bank.accounts().open(alice.id(), "Savings", "SAVINGS");
        Account bobs = fundedAccount(bob, null);
        MoneyService.Transfer toOwn = bank.money().transfer(alice.id(), new MoneyService.TransferRequest(
                from.number(), AccountNumbers.pretty(own.number()), "40", "to savings"));
        assertThat(toOwn.fromBalanceAfter()).isEqualByComparingTo("60.00");
        bank.money().transfer(alice.id(), new MoneyService.TransferRequest(from.number(), bobs.number(), "25.50", "rent"));
        assertThat(balance(from)).isEqualByComparingTo("34.50");
        assertThat(balance(own)).isEqualByComparingTo("40.00");
        assertThat(balance(bobs)).isEqualByComparingTo("25.50");
        List<Entry> bobEntries = bank.accounts().history(bob.id(), bobs.number(), 1, 10).entries();
        assertThat(bobEntries).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("TRANSFER_IN");
            assertThat(e.counterparty()).isEqualTo(from.number());
            assertThat(e.description()).isEqualTo("rent");
        });
        assertThat(db.accountsOutOfBalance()).isEmpty();
    }

    @Test
    void refusedTransfersMoveNothing() {
        User alice = newUser();
        Account from = fundedAccount(alice, "10.00");
        Account bobs = fundedAccount(newUser(), "5.00");
        long entries = db.count("entries");
        assertFails(() -> transfer(alice, from.number(), bobs.number(), "10.01"), 409, "amount", "insufficient funds");
        assertFails(() -> transfer(alice, bobs.number(), from.number(), "1"), 404, "from", "you have no account");
        assertFails(() -> transfer(alice, from.number(), "FP980000000000", "1"), 404, "to", "there is no account");
        assertFails(() -> transfer(alice, from.number(), "FP12", "1"), 400, "to", "account number like");
        assertFails(() -> transfer(alice, from.number(), from.number(), "1"), 400, "to", "different account");
        assertFails(() -> transfer(alice, from.number(), bobs.number(), "0.001"), 400, "amount", "decimal places");
        assertThat(db.count("entries")).isEqualTo(entries);
        assertThat(balance(from)).isEqualByComparingTo("10.00");
        assertThat(balance(bobs)).isEqualByComparingTo("5.00");
    }

    private MoneyService.Transfer transfer(User user, String from, String to, String amount) {
        return bank.money().transfer(user.id(), new MoneyService.TransferRequest(from, to, amount, ""));
    }

    @Test
    void idempotencyKeyReturnsTheFirstResultAndMovesMoneyOnce() {
        User alice = newUser();
        Account from = fundedAccount(alice, "100.00");
        Account to = fundedAccount(newUser(), null);
        var request = new MoneyService.TransferRequest(from.number(), to.number(), "10.00", "once");
        IdempotentTransfers.Outcome first = bank.transfers().transfer(alice.id(), "key-1", request);
        IdempotentTransfers.Outcome again = bank.transfers().transfer(alice.id(), "key-1", request);
        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.transfer()).isEqualTo(first.transfer());
        assertThat(balance(from)).isEqualByComparingTo("90.00");
        assertFails(() -> bank.transfers().transfer(alice.id(), "key-1",
                new MoneyService.TransferRequest(from.number(), to.number(), "11.00", "once")), 409, "Idempotency-Key", "different transfer");
        assertFails(() -> bank.transfers().transfer(alice.id(), "bad key!", request), 400, "Idempotency-Key", "1 to 64");
        assertThat(balance(from)).isEqualByComparingTo("90.00");
    }

    @Test
    void idempotencyKeysDifferingOnlyInCaseAreDifferentTransfers() {
        User alice = newUser();
        Account from = fundedAccount(alice, "100.00");
        Account to = fundedAccount(newUser(), null);
        var request = new MoneyService.TransferRequest(from.number(), to.number(), "10.00", "case");
        assertThat(bank.transfers().transfer(alice.id(), "pay-1", request).replayed()).isFalse();
        assertThat(bank.transfers().transfer(alice.id(), "Pay-1", request).replayed()).isFalse();
        assertThat(bank.transfers().transfer(alice.id(), "PAY-1", request).replayed()).isFalse();
        assertThat(bank.transfers().transfer(alice.id(), "Pay-1", request).replayed()).isTrue();
        assertThat(balance(from)).isEqualByComparingTo("70.00");
        // the stored key reads back as sent
        assertFails(() -> bank.transfers().transfer(alice.id(), "Pay-1",
                new MoneyService.TransferRequest(from.number(), to.number(), "11.00", "case")), 409, "Idempotency-Key",
                "Idempotency-Key Pay-1 was already used");
    }

    @Test
    void idempotencyKeysStoredBeforeTheyBecameCaseSensitiveStillCount() {
        Config config = database();
        Flyway.configure().dataSource(config.jdbcUrl(), config.dbUser(), config.dbPassword())
                .locations("classpath:db/migration").target("1").load().migrate();
        Jdbi.create(config.jdbcUrl(), config.dbUser(), config.dbPassword()).useHandle(h -> {
            h.execute("INSERT INTO users (id, username, first_name, last_name, password_hash, created_at) "
                    + "VALUES (1, 'v1user', 'A', 'B', 'x', CURRENT_TIMESTAMP)");
            h.execute("INSERT INTO idempotency_keys (user_id, idem_key, request_hash, response_body, created_at) "
                    + "VALUES (1, 'Old-1', ?, '{}', CURRENT_TIMESTAMP)", "h".repeat(64));
        });
        try (BankDb migrated = new BankDb(config)) {
            var record = migrated.dao().idempotencyRecord(1, "Old-1");
            assertThat(record).map(IdempotencyRecord::requestHash).contains("h".repeat(64));
            assertThat(migrated.dao().idempotencyRecord(1, "old-1")).isEmpty();
        }
    }

    @Test
    void concurrentRepeatsOfOneIdempotencyKeyMoveMoneyOnce() throws Exception {
        User alice = newUser();
        Account from = fundedAccount(alice, "100.00");
        Account to = fundedAccount(newUser(), null);
        // the whole balance: a repeat that reaches the account after the first one finds it empty, and must
        // still answer with the first result rather than insufficient funds
        var request = new MoneyService.TransferRequest(from.number(), to.number(), "100.00", "race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<IdempotentTransfers.Outcome>> repeats = new ArrayList<>();
            // the account stays locked until every repeat has found no earlier key and waits for the account
            db.database.jdbi().useTransaction(h -> {
                BankDao.on(h).lockAccount(from.id());
                for (int i = 0; i < 8; i++) {
                    repeats.add(pool.submit(() -> bank.transfers().transfer(alice.id(), "race-key", request)));
                }
                Thread.sleep(500);
            });
            List<String> ids = new ArrayList<>();
            for (Future<IdempotentTransfers.Outcome> f : repeats) {
                ids.add(f.get().transfer().id());
            }
            assertThat(ids).hasSize(8).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(balance(from)).isEqualByComparingTo("0.00");
        assertThat(balance(to)).isEqualByComparingTo("100.00");
    }

    @Test
    void historyIsNewestFirstAndPaginated() {
        User user = newUser();
        Account account = fundedAccount(user, null);
        for (int i = 1; i <= 5; i++) {
            bank.money().deposit(user.id(), account.number(), i + ".00", "deposit " + i);
        }
        AccountService.Page first = bank.accounts().history(user.id(), account.number(), 1, 2);
        AccountService.Page last = bank.accounts().history(user.id(), account.number(), 3, 2);
        assertThat(first.entries()).extracting(Entry::description).containsExactly("deposit 5", "deposit 4");
        assertThat(last.entries()).extracting(Entry::description).containsExactly("deposit 1");
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.pages()).isEqualTo(3);
        assertThat(bank.accounts().history(user.id(), account.number(), 4, 2).entries()).isEmpty();
    }

    // --- savings

    @Test
    void savingsProjectionsAreSavedWithTheirGoal() {
        User user = newUser();
        SavingsService.Plan plan = bank.savings().project(user.id(), "<b>bike</b>", "100", "6", "10");
        assertThat(plan.years()).hasSize(10);
        // closed form of monthly compounding: 100 * ((1 + r)^120 - 1) / r with r = 0.06 / 12
        assertThat(plan.projection().projectedBalance()).isEqualByComparingTo("16387.93");
        assertThat(plan.projection().totalContributed()).isEqualByComparingTo("12000.00");
        assertThat(bank.savings().history(user.id())).singleElement()
                .satisfies(p -> assertThat(p.goal()).isEqualTo("<b>bike</b>"));
        assertThat(bank.savings().plan(user.id(), plan.projection().id()).years()).isEqualTo(plan.years());
        assertFails(() -> bank.savings().plan(newUser().id(), plan.projection().id()), 404, "id", "no savings projection");
        assertFails(() -> bank.savings().project(user.id(), "g", "100", "101", "10"), 400, "annualRate", "0 to 100");
        assertFails(() -> bank.savings().project(user.id(), "g", "100", "5", "61"), 400, "years", "1 to 60");
        assertFails(() -> bank.savings().project(user.id(), "g", "0", "5", "10"), 400, "monthlyAmount", "greater than 0");
        assertFails(() -> bank.savings().project(user.id(), "", "1", "5", "10"), 400, "goal", "required");
        assertThat(bank.savings().history(user.id())).hasSize(1);
    }

    @Test
    void savingsProjectionsBeyondWhatTheBalanceColumnHoldsAreRefusedNamingTheYearsThatFit() {
        User user = newUser();
        // 100 a month at 60 % stays below 10^17 for 53 years, at the largest inputs for 23
        assertFails(() -> bank.savings().project(user.id(), "g", "100", "60", "60"), 400, "years", "years must be at most 53");
        assertFails(() -> bank.savings().project(user.id(), "g", "1000000", "100", "60"), 400, "years", "years must be at most 23");
        assertThat(bank.savings().history(user.id())).isEmpty();
        SavingsService.Plan largest = bank.savings().project(user.id(), "g", "1000000", "100", "23");
        assertThat(largest.projection().projectedBalance()).isLessThan(new BigDecimal("1e17"));
        assertThat(bank.savings().plan(user.id(), largest.projection().id()).years()).isEqualTo(largest.years());
    }

    @Test
    void sqlAndScriptPayloadsAreStoredVerbatim() {
        User user = newUser();
        String sql = "x'); DROP TABLE entries; --";
        Account account = bank.accounts().open(user.id(), sql, "CHECKING");
        bank.money().deposit(user.id(), account.number(), "1", "<script>alert(1)</script>");
        assertThat(bank.accounts().accounts(user.id())).extracting(Account::name).containsExactly(sql);
        assertThat(bank.accounts().history(user.id(), account.number(), 1, 1).entries().get(0).description())
                .isEqualTo("<script>alert(1)</script>");
        assertThat(db.count("entries")).isPositive();
    }
}
