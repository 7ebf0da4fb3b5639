package io.finpipe.bank.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Row mappers for the row types, written out: JDBI's reflective ConstructorMapper matched columns to
 * parameters again for every result set, about a sixth of the CPU of a page under load (JFR).
 */
final class Rows {

    static final RowMapper<User> USER = (rs, ctx) -> user(rs, "");
    static final RowMapper<Account> ACCOUNT = (rs, ctx) -> account(rs, "");
    static final RowMapper<Entry> ENTRY = (rs, ctx) -> new Entry(rs.getLong("id"), rs.getLong("account_id"),
            rs.getString("kind"), rs.getBigDecimal("amount"), rs.getBigDecimal("balance_after"), rs.getString("counterparty"),
            rs.getString("description"), rs.getString("transfer_id"), instant(rs, "created_at"));
    static final RowMapper<WebSession> WEB_SESSION = (rs, ctx) -> webSession(rs);
    static final RowMapper<ApiToken> API_TOKEN = (rs, ctx) -> new ApiToken(rs.getLong("id"), rs.getString("token_hash"),
            rs.getLong("user_id"), instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "revoked_at"));
    static final RowMapper<IdempotencyRecord> IDEMPOTENCY_RECORD = (rs, ctx) -> new IdempotencyRecord(rs.getLong("id"),
            rs.getLong("user_id"), rs.getString("idem_key"), rs.getString("request_hash"), rs.getString("response_body"));
    static final RowMapper<SavingsProjection> SAVINGS_PROJECTION = (rs, ctx) -> new SavingsProjection(rs.getLong("id"),
            rs.getLong("user_id"), rs.getString("goal"), rs.getBigDecimal("monthly_amount"), rs.getBigDecimal("annual_rate"),
            rs.getInt("years"), rs.getBigDecimal("projected_balance"), rs.getBigDecimal("total_contributed"),
            instant(rs, "created_at"));
    static final RowMapper<SignedSession> SIGNED_SESSION = (rs, ctx) -> signedSession(rs);

    private Rows() {
    }

    static void register(Jdbi jdbi) {
        jdbi.registerRowMapper(User.class, USER);
        jdbi.registerRowMapper(Account.class, ACCOUNT);
        jdbi.registerRowMapper(Entry.class, ENTRY);
        jdbi.registerRowMapper(WebSession.class, WEB_SESSION);
        jdbi.registerRowMapper(ApiToken.class, API_TOKEN);
        jdbi.registerRowMapper(IdempotencyRecord.class, IDEMPOTENCY_RECORD);
        jdbi.registerRowMapper(SavingsProjection.class, SAVINGS_PROJECTION);
        jdbi.registerRowMapper(SignedSession.class, SIGNED_SESSION);
    }

    private static User user(ResultSet rs, String prefix) throws SQLException {
        return new User(rs.getLong(prefix + "id"), rs.getString(prefix + "username"), rs.getString(prefix + "first_name"),
                rs.getString(prefix + "last_name"), rs.getString(prefix + "password_hash"), instant(rs, prefix + "created_at"));
    }

    /**
     * Rows of web_sessions LEFT JOIN users LEFT JOIN accounts (account columns prefixed a_), one per account:
     * the session with its user from the first row, and the accounts, none when no row has an a_id.
     */
    static Optional<SessionWithAccounts> sessionWithAccounts(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return Optional.empty();
        }
        SignedSession signed = signedSession(rs);
        List<Account> accounts = new ArrayList<>();
        do {
            rs.getLong("a_id");
            if (!rs.wasNull()) {
                accounts.add(account(rs, "a_"));
            }
        } while (rs.next());
        return Optional.of(new SessionWithAccounts(signed, List.copyOf(accounts)));
    }

    /** web_sessions columns, then the user's columns prefixed u_ (null for an anonymous session). */
    private static SignedSession signedSession(ResultSet rs) throws SQLException {
        WebSession session = webSession(rs);
        return new SignedSession(session, session.userId() == null ? null : user(rs, "u_"));
    }

    private static Account account(ResultSet rs, String prefix) throws SQLException {
        return new Account(rs.getLong(prefix + "id"), rs.getLong(prefix + "user_id"), rs.getString(prefix + "number"),
                rs.getString(prefix + "name"), rs.getString(prefix + "kind"), rs.getString(prefix + "currency"),
                rs.getBigDecimal(prefix + "balance"), instant(rs, prefix + "created_at"));
    }

    private static WebSession webSession(ResultSet rs) throws SQLException {
        long userId = rs.getLong("user_id");
        Long signedIn = rs.wasNull() ? null : userId; // wasNull speaks of the last column read: ask right away
        return new WebSession(rs.getString("id_hash"), signedIn, rs.getString("csrf_token"), instant(rs, "expires_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
