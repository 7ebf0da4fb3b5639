package io.finpipe.bank.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finpipe.bank.service.AccountService;
import io.finpipe.bank.service.AuthService;
import io.finpipe.bank.service.IdempotentTransfers;
import io.finpipe.bank.service.MoneyService;
import io.finpipe.bank.service.SavingsService;

/** What the HTTP layer calls. */
public record Services(AuthService auth, AccountService accounts, MoneyService money, IdempotentTransfers transfers,
                       SavingsService savings, ObjectMapper json) {
}
