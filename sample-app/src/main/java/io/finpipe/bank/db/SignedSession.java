package io.finpipe.bank.db;

/** A browser session with its signed-in user, read in one query; user is null while anonymous. */
public record SignedSession(WebSession session, User user) {
}
