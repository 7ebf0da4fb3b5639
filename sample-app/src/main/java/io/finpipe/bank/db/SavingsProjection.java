package io.finpipe.bank.db;

import java.math.BigDecimal;
import java.time.Instant;

public record SavingsProjection(long id, long userId, String goal, BigDecimal monthlyAmount, BigDecimal annualRate,
                                int years, BigDecimal projectedBalance, BigDecimal totalContributed, Instant createdAt) {
}
