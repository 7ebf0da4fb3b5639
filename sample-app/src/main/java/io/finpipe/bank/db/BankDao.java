package io.finpipe.bank.db;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * All SQL of the service, in the subset H2 and MySQL share, on JDBI's core API. Not a SqlObject: attaching
 * a SqlObject (also each call of an onDemand one) warmed every method's handler, which was most of the
 * CPU of a request. Row types are mapped by constructor, registered once on the Jdbi in Database.
 * Ledger entries have an insert and reads only: nothing here updates or deletes them.
 */
public final class BankDao {

    /** Runs one statement's callback on a handle: the caller's, or a pooled one per call. */
    @FunctionalInterface
    private interface Statements {
        <T> T run(HandleCallback<T, RuntimeException> callback);
    }

    private final Statements statements;

    private BankDao(Statements statements) {
        this.statements = statements;
    }

    /** Statements on the caller's handle, e.g. inside its transaction. */
    public static BankDao on(Handle handle) {
        return new BankDao(new Statements() {
            @Override
            public <T> T run(HandleCallback<T, RuntimeException> callback) {
                return callback.withHandle(handle);
            }
        });
    }

    /** Each statement on its own pooled connection, outside any transaction; thread-safe. */
    public static BankDao onDemand(Jdbi jdbi) {
        return new BankDao(new Statements() {
            @Override
            public <T> T run(HandleCallback<T, RuntimeException> callback) {
                return jdbi.withHandle(callback);
            }
        });
    }

    // users

    public long insertUser(String username, String firstName, String lastName, String passwordHash, Instant createdAt) {
        return statements.run(h -> h.createUpdate("INSERT INTO users (username, first_name, last_name, password_hash, created_at) "
                        + "VALUES (:username, :firstName, :lastName, :passwordHash, :createdAt)")
                .bind("username", username).bind("firstName", firstName).bind("lastName", lastName)
                .bind("passwordHash", passwordHash).bind("createdAt", createdAt)
                .executeAndReturnGeneratedKeys("id").mapTo(long.class).one());
    }

    public Optional<User> userByName(String username) {
        return statements.run(h -> h.createQuery("SELECT * FROM users WHERE username = :username")
                .bind("username", username).mapTo(User.class).findOne());
    }

    public Optional<User> userById(long id) {
        return statements.run(h -> h.createQuery("SELECT * FROM users WHERE id = :id")
                .bind("id", id).mapTo(User.class).findOne());
    }

    // login throttling

    public void insertLoginFailure(String username, Instant at) {
        statements.run(h -> h.createUpdate("INSERT INTO login_failures (username, failed_at) VALUES (:username, :at)")
                .bind("username", username).bind("at", at).execute());
    }

    public List<Instant> loginFailuresSince(String username, Instant since) {
        return statements.run(h -> h.createQuery(
                        "SELECT failed_at FROM login_failures WHERE username = :username AND failed_at > :since ORDER BY failed_at")
                .bind("username", username).bind("since", since).mapTo(Instant.class).list());
    }

    /** Deletes up to limit failures older than before (bounded, like deleteExpiredSessions). */
    public int deleteLoginFailuresBefore(Instant before, int limit) {
        return statements.run(h -> h.createUpdate("DELETE FROM login_failures WHERE failed_at < :before LIMIT :limit")
                .bind("before", before).bind("limit", limit).execute());
    }

    public void clearLoginFailures(String username) {
        statements.run(h -> h.createUpdate("DELETE FROM login_failures WHERE username = :username")
                .bind("username", username).execute());
    }

    // web sessions

    public void insertSession(String idHash, Long userId, String csrf, Instant expiresAt) {
        statements.run(h -> h.createUpdate(
                        "INSERT INTO web_sessions (id_hash, user_id, csrf_token, expires_at) VALUES (:idHash, :userId, :csrf, :expiresAt)")
                .bind("idHash", idHash).bind("userId", userId).bind("csrf", csrf).bind("expiresAt", expiresAt).execute());
    }

    private static final String SESSION_AND_USER_COLUMNS = "s.id_hash, s.user_id, s.csrf_token, s.expires_at, u.id AS u_id, "
            + "u.username AS u_username, u.first_name AS u_first_name, u.last_name AS u_last_name, "
            + "u.password_hash AS u_password_hash, u.created_at AS u_created_at";

    /** The session and its user in one round trip: every page asks for both. */
    public Optional<SignedSession> signedSession(String idHash) {
        return statements.run(h -> h.createQuery("SELECT " + SESSION_AND_USER_COLUMNS
                        + " FROM web_sessions s LEFT JOIN users u ON u.id = s.user_id WHERE s.id_hash = :idHash")
                .bind("idHash", idHash).mapTo(SignedSession.class).findOne());
    }

    /** The session, its user and the user's accounts (by id) in one round trip: the accounts page needs all three. */
    public Optional<SessionWithAccounts> sessionWithAccounts(String idHash) {
        return statements.run(h -> h.createQuery("SELECT " + SESSION_AND_USER_COLUMNS + ", a.id AS a_id, a.user_id AS a_user_id, "
                        + "a.number AS a_number, a.name AS a_name, a.kind AS a_kind, a.currency AS a_currency, "
                        + "a.balance AS a_balance, a.created_at AS a_created_at "
                        + "FROM web_sessions s LEFT JOIN users u ON u.id = s.user_id LEFT JOIN accounts a ON a.user_id = u.id "
                        + "WHERE s.id_hash = :idHash ORDER BY a.id")
                .bind("idHash", idHash).scanResultSet((results, ctx) -> Rows.sessionWithAccounts(results.get())));
    }

    public void deleteSession(String idHash) {
        statements.run(h -> h.createUpdate("DELETE FROM web_sessions WHERE id_hash = :idHash").bind("idHash", idHash).execute());
    }

    /** Deletes up to limit expired sessions (a bounded statement: no long lock on a big table). */
    public int deleteExpiredSessions(Instant now, int limit) {
        return statements.run(h -> h.createUpdate("DELETE FROM web_sessions WHERE expires_at < :now LIMIT :limit")
                .bind("now", now).bind("limit", limit).execute());
    }

    // API tokens

    public long insertToken(String hash, long userId, Instant createdAt, Instant expiresAt) {
        return statements.run(h -> h.createUpdate("INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at) "
                        + "VALUES (:hash, :userId, :createdAt, :expiresAt)")
                .bind("hash", hash).bind("userId", userId).bind("createdAt", createdAt).bind("expiresAt", expiresAt)
                .executeAndReturnGeneratedKeys("id").mapTo(long.class).one());
    }

    public Optional<ApiToken> tokenByHash(String hash) {
        return statements.run(h -> h.createQuery("SELECT * FROM api_tokens WHERE token_hash = :hash")
                .bind("hash", hash).mapTo(ApiToken.class).findOne());
    }

    public int revokeToken(long id, long userId, Instant at) {
        return statements.run(h -> h.createUpdate(
                        "UPDATE api_tokens SET revoked_at = :at WHERE id = :id AND user_id = :userId AND revoked_at IS NULL")
                .bind("id", id).bind("userId", userId).bind("at", at).execute());
    }

    // accounts

    public long insertAccount(long userId, String number, String name, String kind, Instant createdAt) {
        return statements.run(h -> h.createUpdate("INSERT INTO accounts (user_id, number, name, kind, currency, balance, created_at) "
                        + "VALUES (:userId, :number, :name, :kind, 'EUR', 0, :createdAt)")
                .bind("userId", userId).bind("number", number).bind("name", name).bind("kind", kind)
                .bind("createdAt", createdAt).executeAndReturnGeneratedKeys("id").mapTo(long.class).one());
    }

    public List<Account> accountsOf(long userId) {
        return statements.run(h -> h.createQuery("SELECT * FROM accounts WHERE user_id = :userId ORDER BY id")
                .bind("userId", userId).mapTo(Account.class).list());
    }

    public Optional<Account> accountByNumber(String number) {
        return statements.run(h -> h.createQuery("SELECT * FROM accounts WHERE number = :number")
                .bind("number", number).mapTo(Account.class).findOne());
    }

    /** Locks one account row (a single row: no lock order to keep). */
    public Optional<Account> lockAccount(long id) {
        return statements.run(h -> h.createQuery("SELECT * FROM accounts WHERE id = :id FOR UPDATE")
                .bind("id", id).mapTo(Account.class).findOne());
    }

    /**
     * Reads and locks the accounts with these numbers through their unique index, in ascending number
     * order: the one order every multi-account transaction uses, so two transfers never deadlock.
     * Missing numbers are simply absent from the result.
     */
    public List<Account> lockAccountsByNumber(String first, String second) {
        return statements.run(h -> h.createQuery("SELECT * FROM accounts WHERE number IN (:first, :second) ORDER BY number FOR UPDATE")
                .bind("first", first).bind("second", second).mapTo(Account.class).list());
    }

    public void setBalance(long id, BigDecimal balance) {
        statements.run(h -> h.createUpdate("UPDATE accounts SET balance = :balance WHERE id = :id")
                .bind("id", id).bind("balance", balance).execute());
    }

    /** Both sides of a transfer in one statement (one round trip instead of two). */
    public void setBalances(long firstId, BigDecimal firstBalance, long secondId, BigDecimal secondBalance) {
        statements.run(h -> h.createUpdate("UPDATE accounts SET balance = CASE WHEN id = :firstId THEN :firstBalance "
                        + "ELSE :secondBalance END WHERE id IN (:firstId, :secondId)")
                .bind("firstId", firstId).bind("firstBalance", firstBalance).bind("secondId", secondId)
                .bind("secondBalance", secondBalance).execute());
    }

    // ledger

    public long insertEntry(long accountId, String kind, BigDecimal amount, BigDecimal balanceAfter, String counterparty,
                            String description, String transferId, Instant createdAt) {
        return statements.run(h -> h.createUpdate("INSERT INTO entries (account_id, kind, amount, balance_after, counterparty, "
                        + "description, transfer_id, created_at) "
                        + "VALUES (:accountId, :kind, :amount, :balanceAfter, :counterparty, :description, :transferId, :createdAt)")
                .bind("accountId", accountId).bind("kind", kind).bind("amount", amount).bind("balanceAfter", balanceAfter)
                .bind("counterparty", counterparty).bind("description", description).bind("transferId", transferId)
                .bind("createdAt", createdAt).executeAndReturnGeneratedKeys("id").mapTo(long.class).one());
    }

    /** Both entries of a transfer in one multi-row INSERT (one round trip); their ids are not needed. */
    public void insertEntryPair(NewEntry first, NewEntry second) {
        statements.run(h -> h.createUpdate("INSERT INTO entries (account_id, kind, amount, balance_after, counterparty, "
                        + "description, transfer_id, created_at) VALUES "
                        + "(:a.accountId, :a.kind, :a.amount, :a.balanceAfter, :a.counterparty, :a.description, :a.transferId, :a.createdAt), "
                        + "(:b.accountId, :b.kind, :b.amount, :b.balanceAfter, :b.counterparty, :b.description, :b.transferId, :b.createdAt)")
                .bindMethods("a", first).bindMethods("b", second).execute());
    }

    /** A ledger entry to insert. */
    public record NewEntry(long accountId, String kind, BigDecimal amount, BigDecimal balanceAfter, String counterparty,
                           String description, String transferId, Instant createdAt) {
    }

    public List<Entry> entriesNewestFirst(long accountId, int limit, int offset) {
        return statements.run(h -> h.createQuery("SELECT * FROM entries WHERE account_id = :accountId ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .bind("accountId", accountId).bind("limit", limit).bind("offset", offset).mapTo(Entry.class).list());
    }

    public long countEntries(long accountId) {
        return statements.run(h -> h.createQuery("SELECT COUNT(*) FROM entries WHERE account_id = :accountId")
                .bind("accountId", accountId).mapTo(long.class).one());
    }

    /** Accounts whose balance differs from the sum of their entries: always empty unless the ledger is broken. */
    public List<String> accountsOutOfBalance() {
        return statements.run(h -> h.createQuery("SELECT a.number FROM accounts a LEFT JOIN entries e ON e.account_id = a.id "
                        + "GROUP BY a.id, a.number, a.balance HAVING a.balance <> COALESCE(SUM(e.amount), 0)")
                .mapTo(String.class).list());
    }

    // idempotency

    public Optional<IdempotencyRecord> idempotencyRecord(long userId, String key) {
        return statements.run(h -> h.createQuery("SELECT * FROM idempotency_keys WHERE user_id = :userId AND idem_key = :key")
                .bind("userId", userId).bind("key", key).mapTo(IdempotencyRecord.class).findOne());
    }

    /** Fails with a unique violation when (userId, key) is taken: the loser's transaction rolls back. */
    public void insertIdempotencyKey(long userId, String key, String requestHash, String responseBody, Instant at) {
        statements.run(h -> h.createUpdate("INSERT INTO idempotency_keys (user_id, idem_key, request_hash, response_body, created_at) "
                        + "VALUES (:userId, :key, :hash, :body, :at)")
                .bind("userId", userId).bind("key", key).bind("hash", requestHash).bind("body", responseBody).bind("at", at)
                .execute());
    }

    // savings planner

    public long insertProjection(long userId, String goal, BigDecimal monthly, BigDecimal rate, int years, BigDecimal projected,
                                 BigDecimal contributed, Instant at) {
        return statements.run(h -> h.createUpdate("INSERT INTO savings_projections (user_id, goal, monthly_amount, annual_rate, years, "
                        + "projected_balance, total_contributed, created_at) "
                        + "VALUES (:userId, :goal, :monthly, :rate, :years, :projected, :contributed, :at)")
                .bind("userId", userId).bind("goal", goal).bind("monthly", monthly).bind("rate", rate).bind("years", years)
                .bind("projected", projected).bind("contributed", contributed).bind("at", at)
                .executeAndReturnGeneratedKeys("id").mapTo(long.class).one());
    }

    public List<SavingsProjection> projectionsOf(long userId) {
        return statements.run(h -> h.createQuery("SELECT * FROM savings_projections WHERE user_id = :userId ORDER BY id DESC")
                .bind("userId", userId).mapTo(SavingsProjection.class).list());
    }

    public Optional<SavingsProjection> projection(long id) {
        return statements.run(h -> h.createQuery("SELECT * FROM savings_projections WHERE id = :id")
                .bind("id", id).mapTo(SavingsProjection.class).findOne());
    }
}
