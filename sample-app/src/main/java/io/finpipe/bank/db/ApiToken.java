package io.finpipe.bank.db;

import java.time.Instant;

public record ApiToken(long id, String tokenHash, long userId, Instant createdAt, Instant expiresAt, Instant revokedAt) {
}
