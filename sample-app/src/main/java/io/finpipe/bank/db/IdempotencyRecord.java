package io.finpipe.bank.db;

public record IdempotencyRecord(long id, long userId, String idemKey, String requestHash, String responseBody) {
}
