package io.finpipe.bank.service;

import io.finpipe.bank.db.Account;
import io.finpipe.bank.db.BankDao;
import io.finpipe.bank.db.Entry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Deposits, withdrawals and transfers. Each is one transaction that locks the account rows (a transfer
 * locks both in account-number order), writes immutable ledger entries and sets each balance to balance + entry; a negative result
 * is refused, so no overdraft. Deadlock victims are retried by the JDBI transaction runner.
 */
public final class MoneyService {

    private final Jdbi jdbi;
    private final Clock clock;
    private final AccountService accounts;
    private final BiConsumer<String, BigDecimal> movementListener;

    /** movementListener hears (kind, amount) after each committed movement, for metrics. */
    public MoneyService(Jdbi jdbi, Clock clock, AccountService accounts, BiConsumer<String, BigDecimal> movementListener) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.accounts = accounts;
        this.movementListener = movementListener;
    }

    public Entry deposit(long userId, String accountNumber, String rawAmount, String rawDescription) {
        return single(userId, accountNumber, rawAmount, rawDescription, "DEPOSIT", 1);
    }

    public Entry withdraw(long userId, String accountNumber, String rawAmount, String rawDescription) {
        return single(userId, accountNumber, rawAmount, rawDescription, "WITHDRAWAL", -1);
    }

    private Entry single(long userId, String accountNumber, String rawAmount, String rawDescription, String kind, int sign) {
        BigDecimal amount = Inputs.amount("amount", rawAmount);
        String description = Inputs.optional("description", rawDescription, 140);
        Account account = accounts.owned(userId, "account", accountNumber);
        Entry entry = jdbi.inTransaction(h -> {
            Account locked = BankDao.on(h).lockAccount(account.id()).orElseThrow();
            return post(h, locked, kind, amount.multiply(BigDecimal.valueOf(sign)), null,
                    description.isEmpty() ? label(kind) : description, null, clock.instant());
        });
        movementListener.accept(kind, amount);
        return entry;
    }

    public record TransferRequest(String from, String to, String amount, String description) {
    }

    public record Transfer(String id, String from, String to, BigDecimal amount, String description,
                           BigDecimal fromBalanceAfter, Instant createdAt) {
    }

    /** Moves money from the user's account to any account, both sides or neither. */
    public Transfer transfer(long userId, TransferRequest request) {
        return transfer(userId, request, (h, transfer) -> { });
    }

    /**
     * As transfer, also running inTransaction (e.g. recording an idempotent response) before commit.
     * Round trips: lock both accounts (which also reads and checks them), one UPDATE for both balances,
     * one INSERT for both entries, then inTransaction's statements and the commit.
     */
    public Transfer transfer(long userId, TransferRequest request, TransactionStep inTransaction) {
        BigDecimal amount = Inputs.amount("amount", request.amount());
        String description = Inputs.optional("description", request.description(), 140);
        String fromNumber = Inputs.accountNumber("from", request.from());
        String toNumber = Inputs.accountNumber("to", request.to());
        if (fromNumber.equals(toNumber)) {
            throw BankException.invalid("to", "to must be a different account than from");
        }
        Transfer transfer = jdbi.inTransaction(h -> {
            BankDao dao = BankDao.on(h);
            List<Account> locked = dao.lockAccountsByNumber(fromNumber, toNumber);
            Account from = locked.stream().filter(a -> a.number().equals(fromNumber) && a.userId() == userId).findFirst()
                    .orElseThrow(() -> AccountService.notOwned("from", fromNumber));
            Account to = locked.stream().filter(a -> a.number().equals(toNumber)).findFirst()
                    .orElseThrow(() -> BankException.notFound("to", "there is no account " + toNumber));
            String id = UUID.randomUUID().toString();
            Instant now = clock.instant();
            String text = description.isEmpty() ? "Transfer" : description;
            BigDecimal fromBalance = newBalance(from, amount.negate());
            BigDecimal toBalance = newBalance(to, amount);
            dao.setBalances(from.id(), fromBalance, to.id(), toBalance);
            dao.insertEntryPair(
                    new BankDao.NewEntry(from.id(), "TRANSFER_OUT", amount.negate(), fromBalance, to.number(), text, id, now),
                    new BankDao.NewEntry(to.id(), "TRANSFER_IN", amount, toBalance, from.number(), text, id, now));
            Transfer done = new Transfer(id, from.number(), to.number(), amount, text, fromBalance, now);
            inTransaction.run(h, done);
            return done;
        });
        movementListener.accept("TRANSFER", amount);
        return transfer;
    }

    @FunctionalInterface
    public interface TransactionStep {
        void run(Handle handle, Transfer transfer);
    }

    private static Entry post(Handle h, Account account, String kind, BigDecimal signedAmount, String counterparty,
                              String description, String transferId, Instant at) {
        BigDecimal balance = newBalance(account, signedAmount);
        BankDao dao = BankDao.on(h);
        dao.setBalance(account.id(), balance);
        long id = dao.insertEntry(account.id(), kind, signedAmount, balance, counterparty, description, transferId, at);
        return new Entry(id, account.id(), kind, signedAmount, balance, counterparty, description, transferId, at);
    }

    /** The balance after signedAmount; refused when it would be negative (no overdraft). */
    private static BigDecimal newBalance(Account account, BigDecimal signedAmount) {
        BigDecimal balance = account.balance().add(signedAmount);
        if (balance.signum() < 0) {
            throw BankException.conflict("insufficient_funds", "amount",
                    "insufficient funds: account " + account.number() + " has " + account.balance() + " EUR");
        }
        return balance;
    }

    private static String label(String kind) {
        return kind.equals("DEPOSIT") ? "Deposit" : "Withdrawal";
    }
}
