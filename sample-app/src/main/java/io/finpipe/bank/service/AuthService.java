package io.finpipe.bank.service;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.finpipe.bank.db.ApiToken;
import io.finpipe.bank.db.BankDao;
import io.finpipe.bank.db.SessionWithAccounts;
import io.finpipe.bank.db.SignedSession;
import io.finpipe.bank.db.User;
import io.finpipe.bank.db.WebSession;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/** Who is calling: registration, password login with throttling, browser sessions and API tokens. */
public final class AuthService {

    public static final Duration SESSION_TTL = Duration.ofHours(8);
    public static final Duration TOKEN_TTL = Duration.ofHours(1);
    public static final Duration THROTTLE_WINDOW = Duration.ofMinutes(10);
    public static final int MAX_FAILURES = 5;
    static final int BCRYPT_COST = 10;
    /** What bcrypt hashes at most: longer passwords are refused at registration and never match at login. */
    private static final int MAX_PASSWORD_BYTES = 72;

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,32}");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");
    private static final Pattern DIGIT = Pattern.compile("\\d");
    // Compared against when the username does not exist, so both cases take the same time. A constant
    // (cost 10, of a random password nobody knows) rather than hashed at start-up: that took 0.1 s of CPU.
    private static final byte[] DUMMY_HASH = "$2a$10$8SzfwS4NYRi6nDgNJS4C4OcONcAIom/JmXiYqETgQ4VT3hugcRhb6"
            .getBytes(StandardCharsets.UTF_8);

    private final Jdbi jdbi;
    /** For single statements outside a transaction; thread-safe, each call takes a pooled connection. */
    private final BankDao dao;
    private final Clock clock;

    public AuthService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.dao = BankDao.onDemand(jdbi);
        this.clock = clock;
    }

    public record Registration(String firstName, String lastName, String username, String password, String passwordRepeat) {
    }

    public User register(Registration form) {
        String firstName = Inputs.required("firstName", form.firstName(), 100);
        String lastName = Inputs.required("lastName", form.lastName(), 100);
        String username = username(form.username());
        String password = form.password() == null ? "" : form.password();
        if (password.length() < 10 || !LETTER.matcher(password).find() || !DIGIT.matcher(password).find()) {
            throw BankException.invalid("password", "password must be at least 10 characters and contain letters and digits");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw BankException.invalid("password", "password must be at most " + MAX_PASSWORD_BYTES
                    + " bytes in UTF-8 (fewer characters when they include accents or other scripts)");
        }
        if (!password.equals(form.passwordRepeat())) {
            throw BankException.invalid("passwordRepeat", "passwordRepeat must repeat the password exactly");
        }
        String hash = BCrypt.withDefaults().hashToString(BCRYPT_COST, password.toCharArray());
        return jdbi.inTransaction(h -> {
            BankDao dao = BankDao.on(h);
            if (dao.userByName(username).isPresent()) {
                throw BankException.conflict("username_taken", "username", "username " + username + " is already taken: choose another");
            }
            long id = dao.insertUser(username, firstName, lastName, hash, now());
            return dao.userById(id).orElseThrow();
        });
    }

    /**
     * Checks a password. Every attempt is recorded as a failure first and only then counted, so parallel
     * attempts cannot all pass the count before any is recorded: beyond MAX_FAILURES attempts within
     * THROTTLE_WINDOW for a username, 429 (before looking at the password) until the oldest leaves the window.
     * A success clears them.
     */
    public User login(String rawUsername, String rawPassword) {
        String username = rawUsername == null ? "" : rawUsername.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(username).matches()) {
            throw BankException.unauthorized("wrong username or password");
        }
        Instant now = now();
        dao.insertLoginFailure(username, now);
        List<Instant> attempts = dao.loginFailuresSince(username, now.minus(THROTTLE_WINDOW));
        if (attempts.size() > MAX_FAILURES) {
            Instant freeAt = attempts.get(attempts.size() - MAX_FAILURES).plus(THROTTLE_WINDOW);
            throw BankException.throttled(Math.max(1, Duration.between(now, freeAt).toSeconds() + 1));
        }
        Optional<User> user = dao.userByName(username);
        byte[] hash = user.map(u -> u.passwordHash().getBytes(StandardCharsets.UTF_8)).orElse(DUMMY_HASH);
        String password = rawPassword == null ? "" : rawPassword;
        // bcrypt refuses more than MAX_PASSWORD_BYTES (registration does too): such a password never matches
        boolean verified = password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES
                && BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
        if (!verified || user.isEmpty()) {
            throw BankException.unauthorized("wrong username or password");
        }
        dao.clearLoginFailures(username);
        return user.get();
    }

    public Optional<User> user(long id) {
        return dao.userById(id);
    }

    // --- browser sessions: the cookie holds a random id; the table holds its hash

    public record NewSession(String cookieValue, WebSession session) {
    }

    /** A new session (anonymous when userId is null), with a fresh CSRF token. */
    public NewSession startSession(Long userId) {
        String id = Secrets.random();
        WebSession session = new WebSession(Secrets.sha256(id), userId, Secrets.random(), now().plus(SESSION_TTL));
        jdbi.useHandle(h -> BankDao.on(h)
                .insertSession(session.idHash(), session.userId(), session.csrfToken(), session.expiresAt()));
        return new NewSession(id, session);
    }

    /** The unexpired session behind a cookie, with its user when signed in (one query). */
    public Optional<SignedSession> session(String cookieValue) {
        if (!plausibleCookie(cookieValue)) {
            return Optional.empty();
        }
        return dao.signedSession(Secrets.sha256(cookieValue))
                .filter(s -> s.session().expiresAt().isAfter(now()));
    }

    /** Like session(cookieValue), with the signed-in user's accounts read in the same query. */
    public Optional<SessionWithAccounts> sessionWithAccounts(String cookieValue) {
        if (!plausibleCookie(cookieValue)) {
            return Optional.empty();
        }
        return dao.sessionWithAccounts(Secrets.sha256(cookieValue))
                .filter(s -> s.signed().session().expiresAt().isAfter(now()));
    }

    private static boolean plausibleCookie(String cookieValue) {
        return cookieValue != null && !cookieValue.isEmpty() && cookieValue.length() <= 64;
    }

    public void endSession(WebSession session) {
        dao.deleteSession(session.idHash());
    }

    /**
     * Deletes expired sessions, anonymous ones included (every first page view makes one), in batches of
     * batchSize so no statement holds locks on many rows; returns how many were deleted.
     */
    public int purgeExpiredSessions(int batchSize) {
        Instant now = now();
        return deleteInBatches(batchSize, () -> dao.deleteExpiredSessions(now, batchSize));
    }

    /**
     * Deletes login failures older than THROTTLE_WINDOW (they no longer count towards throttling), in batches of
     * batchSize; returns how many were deleted.
     */
    public int purgeStaleLoginFailures(int batchSize) {
        Instant before = now().minus(THROTTLE_WINDOW);
        return deleteInBatches(batchSize, () -> dao.deleteLoginFailuresBefore(before, batchSize));
    }

    private static int deleteInBatches(int batchSize, IntSupplier deleteBatch) {
        int total = 0;
        int deleted;
        do {
            deleted = deleteBatch.getAsInt();
            total += deleted;
        } while (deleted == batchSize);
        return total;
    }

    // --- API bearer tokens

    public record IssuedToken(long id, String token, Instant expiresAt) {
    }

    public IssuedToken issueToken(User user) {
        String token = "fpt_" + Secrets.random();
        Instant now = now();
        Instant expiresAt = now.plus(TOKEN_TTL);
        long id = jdbi.withHandle(h -> BankDao.on(h).insertToken(Secrets.sha256(token), user.id(), now, expiresAt));
        return new IssuedToken(id, token, expiresAt);
    }

    /** The token's owner and token id, if the token exists, is not revoked and has not expired. */
    public Optional<ApiToken> token(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return dao.tokenByHash(Secrets.sha256(token))
                .filter(t -> t.revokedAt() == null && t.expiresAt().isAfter(now()));
    }

    /** Revokes one of the user's own tokens; another user's token id is "not found". */
    public void revokeToken(long userId, long tokenId) {
        int revoked = jdbi.withHandle(h -> BankDao.on(h).revokeToken(tokenId, userId, now()));
        if (revoked == 0) {
            throw BankException.notFound("id", "no active token " + tokenId);
        }
    }

    private static String username(String raw) {
        String username = Inputs.required("username", raw, 32).toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(username).matches()) {
            throw BankException.invalid("username", "username must be 3 to 32 characters: a-z, 0-9, '.', '_' or '-'");
        }
        return username;
    }

    private Instant now() {
        return clock.instant();
    }
}
