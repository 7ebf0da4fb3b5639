package io.finpipe.bank.db;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * All SQL of the service, in the subset H2 and MySQL share. Row types are mapped by constructor, registered
 * once on the Jdbi in Database (per-method mapper annotations were re-resolved on every call). Ledger entries have an insert and reads only:
 * nothing here updates or deletes them.
 */
public interface BankDao {

    // users
    @SqlUpdate("INSERT INTO users (username, first_name, last_name, password_hash, created_at) "
            + "VALUES (:username, :firstName, :lastName, :passwordHash, :createdAt)")
    @GetGeneratedKeys("id")
    long insertUser(@Bind("username") String username, @Bind("firstName") String firstName,
                    @Bind("lastName") String lastName, @Bind("passwordHash") String passwordHash,
                    @Bind("createdAt") Instant createdAt);

    @SqlQuery("SELECT * FROM users WHERE username = :username")
    Optional<User> userByName(@Bind("username") String username);

    @SqlQuery("SELECT * FROM users WHERE id = :id")
    Optional<User> userById(@Bind("id") long id);

    // login throttling
    @SqlUpdate("INSERT INTO login_failures (username, failed_at) VALUES (:username, :at)")
    void insertLoginFailure(@Bind("username") String username, @Bind("at") Instant at);

    @SqlQuery("SELECT failed_at FROM login_failures WHERE username = :username AND failed_at > :since ORDER BY failed_at")
    List<Instant> loginFailuresSince(@Bind("username") String username, @Bind("since") Instant since);

    @SqlUpdate("DELETE FROM login_failures WHERE username = :username")
    void clearLoginFailures(@Bind("username") String username);

    // web sessions
    @SqlUpdate("INSERT INTO web_sessions (id_hash, user_id, csrf_token, expires_at) VALUES (:idHash, :userId, :csrf, :expiresAt)")
    void insertSession(@Bind("idHash") String idHash, @Bind("userId") Long userId, @Bind("csrf") String csrf,
                       @Bind("expiresAt") Instant expiresAt);

    @SqlQuery("SELECT * FROM web_sessions WHERE id_hash = :idHash")
    Optional<WebSession> session(@Bind("idHash") String idHash);

    @SqlUpdate("DELETE FROM web_sessions WHERE id_hash = :idHash")
    void deleteSession(@Bind("idHash") String idHash);

    @SqlUpdate("DELETE FROM web_sessions WHERE expires_at < :now")
    int deleteExpiredSessions(@Bind("now") Instant now);

    // API tokens
    @SqlUpdate("INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at) VALUES (:hash, :userId, :createdAt, :expiresAt)")
    @GetGeneratedKeys("id")
    long insertToken(@Bind("hash") String hash, @Bind("userId") long userId, @Bind("createdAt") Instant createdAt,
                     @Bind("expiresAt") Instant expiresAt);

    @SqlQuery("SELECT * FROM api_tokens WHERE token_hash = :hash")
    Optional<ApiToken> tokenByHash(@Bind("hash") String hash);

    @SqlUpdate("UPDATE api_tokens SET revoked_at = :at WHERE id = :id AND user_id = :userId AND revoked_at IS NULL")
    int revokeToken(@Bind("id") long id, @Bind("userId") long userId, @Bind("at") Instant at);

    // accounts
    @SqlUpdate("INSERT INTO accounts (user_id, number, name, kind, currency, balance, created_at) "
            + "VALUES (:userId, :number, :name, :kind, 'EUR', 0, :createdAt)")
    @GetGeneratedKeys("id")
    long insertAccount(@Bind("userId") long userId, @Bind("number") String number, @Bind("name") String name,
                       @Bind("kind") String kind, @Bind("createdAt") Instant createdAt);

    @SqlQuery("SELECT * FROM accounts WHERE user_id = :userId ORDER BY id")
    List<Account> accountsOf(@Bind("userId") long userId);

    @SqlQuery("SELECT * FROM accounts WHERE number = :number")
    Optional<Account> accountByNumber(@Bind("number") String number);

    /** Locks the rows in id order, the one order every transaction uses, so two transfers never deadlock. */
    @SqlQuery("SELECT * FROM accounts WHERE id IN (<ids>) ORDER BY id FOR UPDATE")
    List<Account> lockAccounts(@BindList("ids") List<Long> ids);

    @SqlUpdate("UPDATE accounts SET balance = :balance WHERE id = :id")
    void setBalance(@Bind("id") long id, @Bind("balance") BigDecimal balance);

    // ledger
    @SqlUpdate("INSERT INTO entries (account_id, kind, amount, balance_after, counterparty, description, transfer_id, created_at) "
            + "VALUES (:accountId, :kind, :amount, :balanceAfter, :counterparty, :description, :transferId, :createdAt)")
    @GetGeneratedKeys("id")
    long insertEntry(@Bind("accountId") long accountId, @Bind("kind") String kind, @Bind("amount") BigDecimal amount,
                     @Bind("balanceAfter") BigDecimal balanceAfter, @Bind("counterparty") String counterparty,
                     @Bind("description") String description, @Bind("transferId") String transferId,
                     @Bind("createdAt") Instant createdAt);

    @SqlQuery("SELECT * FROM entries WHERE account_id = :accountId ORDER BY id DESC LIMIT :limit OFFSET :offset")
    List<Entry> entriesNewestFirst(@Bind("accountId") long accountId, @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT COUNT(*) FROM entries WHERE account_id = :accountId")
    long countEntries(@Bind("accountId") long accountId);

    /** Accounts whose balance differs from the sum of their entries: always empty unless the ledger is broken. */
    @SqlQuery("SELECT a.number FROM accounts a LEFT JOIN entries e ON e.account_id = a.id "
            + "GROUP BY a.id, a.number, a.balance HAVING a.balance <> COALESCE(SUM(e.amount), 0)")
    List<String> accountsOutOfBalance();

    // idempotency
    @SqlQuery("SELECT * FROM idempotency_keys WHERE user_id = :userId AND idem_key = :key")
    Optional<IdempotencyRecord> idempotencyRecord(@Bind("userId") long userId, @Bind("key") String key);

    /** Fails with a unique violation when (userId, key) is taken: the loser's transaction rolls back. */
    @SqlUpdate("INSERT INTO idempotency_keys (user_id, idem_key, request_hash, response_body, created_at) "
            + "VALUES (:userId, :key, :hash, :body, :at)")
    void insertIdempotencyKey(@Bind("userId") long userId, @Bind("key") String key, @Bind("hash") String requestHash,
                              @Bind("body") String responseBody, @Bind("at") Instant at);

    // savings planner
    @SqlUpdate("INSERT INTO savings_projections (user_id, goal, monthly_amount, annual_rate, years, projected_balance, "
            + "total_contributed, created_at) VALUES (:userId, :goal, :monthly, :rate, :years, :projected, :contributed, :at)")
    @GetGeneratedKeys("id")
    long insertProjection(@Bind("userId") long userId, @Bind("goal") String goal, @Bind("monthly") BigDecimal monthly,
                          @Bind("rate") BigDecimal rate, @Bind("years") int years, @Bind("projected") BigDecimal projected,
                          @Bind("contributed") BigDecimal contributed, @Bind("at") Instant at);

    @SqlQuery("SELECT * FROM savings_projections WHERE user_id = :userId ORDER BY id DESC")
    List<SavingsProjection> projectionsOf(@Bind("userId") long userId);

    @SqlQuery("SELECT * FROM savings_projections WHERE id = :id")
    Optional<SavingsProjection> projection(@Bind("id") long id);
}
