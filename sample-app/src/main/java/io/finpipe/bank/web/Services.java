package io.finpipe.bank.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finpipe.bank.service.AccountService;
import io.finpipe.bank.service.AuthService;
import io.finpipe.bank.service.IdempotentTransfers;
import io.finpipe.bank.service.MoneyService;
import io.finpipe.bank.service.SavingsService;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Jdbi;

/** What the HTTP layer calls. */
public record Services(AuthService auth, AccountService accounts, MoneyService money, IdempotentTransfers transfers,
                       SavingsService savings, ObjectMapper json) {

    /**
     * movementListener hears (kind, amount) of each committed money movement. Times are whole seconds, what every
     * supported server keeps: MySQL's driver reads MariaDB 10's version '5.5.5-10.x' as MySQL 5.5 and drops
     * fractions of a second, so a finer time in an answer would differ from the one read back later.
     */
    public static Services create(Jdbi jdbi, Clock systemClock, BiConsumer<String, BigDecimal> movementListener) {
        Clock clock = Clock.tick(systemClock, Duration.ofSeconds(1));
        ObjectMapper json = Json.mapper();
        AccountService accounts = new AccountService(jdbi, clock);
        MoneyService money = new MoneyService(jdbi, clock, accounts, movementListener);
        return new Services(new AuthService(jdbi, clock), accounts, money,
                new IdempotentTransfers(jdbi, clock, money, json), new SavingsService(jdbi, clock), json);
    }
}
