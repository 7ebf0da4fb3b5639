package io.finpipe.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SavingsMathTest {

    @Test
    void matchesTheClosedFormOfAnOrdinaryAnnuity() {
        List<SavingsService.YearRow> rows = SavingsService.table(new BigDecimal("250.00"), new BigDecimal("4.00"), 30);
        double r = 0.04 / 12;
        for (SavingsService.YearRow row : rows) {
            int n = 12 * row.year();
            double closedForm = 250 * (Math.pow(1 + r, n) - 1) / r;
            assertThat(row.balance().doubleValue()).as("year " + row.year()).isCloseTo(closedForm, org.assertj.core.data.Offset.offset(0.01));
            assertThat(row.contributed()).isEqualByComparingTo(BigDecimal.valueOf(250L * n));
            assertThat(row.interest()).isEqualByComparingTo(row.balance().subtract(row.contributed()));
        }
    }

    @Test
    void zeroInterestIsJustTheSumOfDeposits() {
        assertThat(SavingsService.table(new BigDecimal("10.00"), BigDecimal.ZERO, 2))
                .extracting(SavingsService.YearRow::balance).containsExactly(new BigDecimal("120.00"), new BigDecimal("240.00"));
    }
}
