package io.finpipe.bank.db;

import java.math.BigDecimal;
import java.time.Instant;

/** One immutable ledger line: amount is signed (credit > 0, debit < 0). */
public record Entry(long id, long accountId, String kind, BigDecimal amount, BigDecimal balanceAfter,
                    String counterparty, String description, String transferId, Instant createdAt) {
}
