package io.finpipe.bank.db;

import java.math.BigDecimal;
import java.time.Instant;

public record Account(long id, long userId, String number, String name, String kind, String currency,
                      BigDecimal balance, Instant createdAt) {
}
