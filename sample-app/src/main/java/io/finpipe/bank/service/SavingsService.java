package io.finpipe.bank.service;

import io.finpipe.bank.db.BankDao;
import io.finpipe.bank.db.SavingsProjection;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Savings planner: a fixed monthly deposit at the end of each month, interest compounded monthly at
 * annualRate/12. Each projection is saved with its goal; the yearly table is recomputed from the inputs.
 */
public final class SavingsService {

    public static final int MAX_YEARS = 60;
    private static final BigDecimal MAX_RATE = new BigDecimal("100");
    private static final BigDecimal TWELVE_HUNDRED = new BigDecimal("1200");
    /** What savings_projections.projected_balance, DECIMAL(19,2), holds. */
    private static final BigDecimal MAX_BALANCE = new BigDecimal("99999999999999999.99");

    private final Jdbi jdbi;
    /** For single statements outside a transaction; thread-safe, each call takes a pooled connection. */
    private final BankDao dao;
    private final Clock clock;

    public SavingsService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.dao = BankDao.onDemand(jdbi);
        this.clock = clock;
    }

    public record YearRow(int year, BigDecimal contributed, BigDecimal interest, BigDecimal balance) {
    }

    public record Plan(SavingsProjection projection, List<YearRow> years) {
    }

    public Plan project(long userId, String rawGoal, String rawMonthly, String rawRate, String rawYears) {
        String goal = Inputs.required("goal", rawGoal, 200);
        BigDecimal monthly = Inputs.amount("monthlyAmount", rawMonthly);
        BigDecimal rate = rate(rawRate);
        int years = Inputs.wholeNumber("years", rawYears, 1, MAX_YEARS);
        List<YearRow> table = table(monthly, rate, years);
        YearRow last = table.get(table.size() - 1);
        if (last.balance().compareTo(MAX_BALANCE) > 0) {
            long fitting = table.stream().filter(row -> row.balance().compareTo(MAX_BALANCE) <= 0).count();
            throw BankException.invalid("years", "years must be at most " + fitting + " for " + monthly + " EUR a month at "
                    + rate + " %: a longer plan projects more than " + MAX_BALANCE + " EUR, the most a projection holds");
        }
        SavingsProjection saved = jdbi.withHandle(h -> {
            BankDao dao = BankDao.on(h);
            long id = dao.insertProjection(userId, goal, monthly, rate, years, last.balance(), last.contributed(), clock.instant());
            return dao.projection(id).orElseThrow();
        });
        return new Plan(saved, table);
    }

    public List<SavingsProjection> history(long userId) {
        return dao.projectionsOf(userId);
    }

    public Plan plan(long userId, long id) {
        SavingsProjection projection = dao.projection(id)
                .filter(p -> p.userId() == userId)
                .orElseThrow(() -> BankException.notFound("id", "you have no savings projection " + id));
        return new Plan(projection, table(projection.monthlyAmount(), projection.annualRate(), projection.years()));
    }

    /** Year-end rows; balances are carried unrounded and rounded half-even to cents for display. */
    static List<YearRow> table(BigDecimal monthly, BigDecimal annualRatePercent, int years) {
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal monthlyFactor = BigDecimal.ONE.add(annualRatePercent.divide(TWELVE_HUNDRED, mc));
        BigDecimal balance = BigDecimal.ZERO;
        List<YearRow> rows = new ArrayList<>();
        for (int year = 1; year <= years; year++) {
            for (int month = 0; month < 12; month++) {
                balance = balance.multiply(monthlyFactor, mc).add(monthly);
            }
            BigDecimal contributed = monthly.multiply(BigDecimal.valueOf(12L * year));
            BigDecimal rounded = balance.setScale(2, RoundingMode.HALF_EVEN);
            rows.add(new YearRow(year, contributed, rounded.subtract(contributed), rounded));
        }
        return rows;
    }

    private static BigDecimal rate(String raw) {
        String text = Inputs.required("annualRate", raw, 12);
        try {
            BigDecimal rate = new BigDecimal(text);
            if (rate.signum() >= 0 && rate.compareTo(MAX_RATE) <= 0 && rate.stripTrailingZeros().scale() <= 2) {
                return rate.setScale(2);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw BankException.invalid("annualRate", "annualRate must be a percentage from 0 to 100 with at most 2 decimal places");
    }
}
