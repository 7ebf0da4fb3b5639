package io.finpipe.bank.service;

/**
 * An error a user can cause and fix, or wait out (503): carries the HTTP status, a stable code for API clients, the input
 * field it concerns (if any) and a message saying what to change. Web and API render it the same way.
 */
public final class BankException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final long retryAfterSeconds;

    private BankException(int status, String code, String field, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static BankException invalid(String field, String message) {
        return new BankException(400, "invalid_input", field, message, 0);
    }

    public static BankException unauthorized(String message) {
        return new BankException(401, "unauthorized", null, message, 0);
    }

    public static BankException forbidden(String code, String message) {
        return new BankException(403, code, null, message, 0);
    }

    /** Also used for other users' resources, so that their existence is never revealed. */
    public static BankException notFound(String field, String message) {
        return new BankException(404, "not_found", field, message, 0);
    }

    public static BankException conflict(String code, String field, String message) {
        return new BankException(409, code, field, message, 0);
    }

    public static BankException throttled(long retryAfterSeconds) {
        return new BankException(429, "too_many_attempts", null,
                "Too many failed logins for this username: try again in " + retryAfterSeconds + " seconds", retryAfterSeconds);
    }

    /** The database cannot be reached: nothing was done, and the same request may succeed in a few seconds. */
    public static BankException databaseUnavailable() {
        return new BankException(503, "db_unavailable", null,
                "The database cannot be reached right now: nothing was changed. Try again in a few seconds.", 5);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
