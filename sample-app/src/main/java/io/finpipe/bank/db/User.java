package io.finpipe.bank.db;

import java.time.Instant;

public record User(long id, String username, String firstName, String lastName, String passwordHash, Instant createdAt) {
}
