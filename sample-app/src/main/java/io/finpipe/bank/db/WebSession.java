package io.finpipe.bank.db;

import java.time.Instant;

/** A browser session: anonymous (userId null) until login; carries the CSRF token of its forms. */
public record WebSession(String idHash, Long userId, String csrfToken, Instant expiresAt) {
}
