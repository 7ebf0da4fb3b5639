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
 * Deposits, withdrawals and transfers. Each is one transaction that locks the account rows (in id
 * order), writes immutable ledger entries and sets each balance to balance + entry; a negative result
 * is refused, so no overdraft. Deadlock victims are retried by the JDBI transaction runner.
 */
public final class MoneyService {

    private final Jdbi jdbi;
    /** For single statements outside a transaction; thread-safe, each call takes a pooled connection. */
    private final BankDao dao;
    private final Clock clock;
    private final AccountService accounts;
    private final BiConsumer<String, BigDecimal> movementListener;

    /** movementListener hears (kind, amount) after each committed movement, for metrics. */
    public MoneyService(Jdbi jdbi, Clock clock, AccountService accounts, BiConsumer<String, BigDecimal> movementListener) {
        this.jdbi = jdbi;
        this.dao = BankDao.onDemand(jdbi);
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
            Account locked = lock(h, List.of(account.id())).get(0);
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

    /** As transfer, also running inTransaction (e.g. recording an idempotent response) before commit. */
    public Transfer transfer(long userId, TransferRequest request, TransactionStep inTransaction) {
        BigDecimal amount = Inputs.amount("amount", request.amount());
        String description = Inputs.optional("description", request.description(), 140);
        Account from = accounts.owned(userId, "from", request.from());
        String toNumber = Inputs.accountNumber("to", request.to());
        Account to = dao.accountByNumber(toNumber)
                .orElseThrow(() -> BankException.notFound("to", "there is no account " + toNumber));
        if (from.id() == to.id()) {
            throw BankException.invalid("to", "to must be a different account than from");
        }
        Transfer transfer = jdbi.inTransaction(h -> {
            List<Account> locked = lock(h, List.of(from.id(), to.id()));
            Account lockedFrom = locked.get(0).id() == from.id() ? locked.get(0) : locked.get(1);
            Account lockedTo = locked.get(0).id() == to.id() ? locked.get(0) : locked.get(1);
            String id = UUID.randomUUID().toString();
            Instant now = clock.instant();
            String text = description.isEmpty() ? "Transfer" : description;
            Entry debit = post(h, lockedFrom, "TRANSFER_OUT", amount.negate(), lockedTo.number(), text, id, now);
            post(h, lockedTo, "TRANSFER_IN", amount, lockedFrom.number(), text, id, now);
            Transfer done = new Transfer(id, from.number(), to.number(), amount, text, debit.balanceAfter(), now);
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

    private static List<Account> lock(Handle h, List<Long> ids) {
        return BankDao.on(h).lockAccounts(ids);
    }

    private static Entry post(Handle h, Account account, String kind, BigDecimal signedAmount, String counterparty,
                              String description, String transferId, Instant at) {
        BigDecimal balance = account.balance().add(signedAmount);
        if (balance.signum() < 0) {
            throw BankException.conflict("insufficient_funds", "amount",
                    "insufficient funds: account " + account.number() + " has " + account.balance() + " EUR");
        }
        BankDao dao = BankDao.on(h);
        dao.setBalance(account.id(), balance);
        long id = dao.insertEntry(account.id(), kind, signedAmount, balance, counterparty, description, transferId, at);
        return new Entry(id, account.id(), kind, signedAmount, balance, counterparty, description, transferId, at);
    }

    private static String label(String kind) {
        return kind.equals("DEPOSIT") ? "Deposit" : "Withdrawal";
    }
}
