package io.finpipe.bank.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finpipe.bank.db.BankDao;
import io.finpipe.bank.db.IdempotencyRecord;
import java.time.Clock;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * API transfers with an Idempotency-Key: the key and the first result are stored in the transfer's own
 * transaction, so a repeat (even a concurrent one, which fails on the unique key or the spent balance and
 * rolls back) returns the first result and moves money once. A failed transfer stores nothing: retrying it is safe.
 */
public final class IdempotentTransfers {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final Jdbi jdbi;
    /** For single statements outside a transaction; thread-safe, each call takes a pooled connection. */
    private final BankDao dao;
    private final Clock clock;
    private final MoneyService money;
    private final ObjectMapper json;

    public IdempotentTransfers(Jdbi jdbi, Clock clock, MoneyService money, ObjectMapper json) {
        this.jdbi = jdbi;
        this.dao = BankDao.onDemand(jdbi);
        this.clock = clock;
        this.money = money;
        this.json = json;
    }

    public record Outcome(MoneyService.Transfer transfer, boolean replayed) {
    }

    public Outcome transfer(long userId, String key, MoneyService.TransferRequest request) {
        if (key == null) {
            return new Outcome(money.transfer(userId, request), false);
        }
        if (!KEY.matcher(key).matches()) {
            throw BankException.invalid("Idempotency-Key", "Idempotency-Key must be 1 to 64 characters: letters, digits, . _ : -");
        }
        String requestHash = Secrets.sha256(String.join("\u0000", String.valueOf(request.from()),
                String.valueOf(request.to()), String.valueOf(request.amount()), String.valueOf(request.description())));
        var earlier = dao.idempotencyRecord(userId, key);
        if (earlier.isPresent()) {
            return replay(earlier.get(), requestHash);
        }
        try {
            return new Outcome(money.transfer(userId, request, (h, done) -> BankDao.on(h)
                    .insertIdempotencyKey(userId, key, requestHash, write(done), clock.instant())), false);
        } catch (RuntimeException e) {
            // A concurrent repeat that committed first makes this one fail: on the unique key, or earlier, on
            // the balance it already spent. Its stored result is the answer; without one the failure is real.
            var winner = dao.idempotencyRecord(userId, key);
            if (winner.isEmpty()) {
                throw e;
            }
            return replay(winner.get(), requestHash);
        }
    }

    private Outcome replay(IdempotencyRecord record, String requestHash) {
        if (!record.requestHash().equals(requestHash)) {
            throw BankException.conflict("idempotency_key_reused", "Idempotency-Key",
                    "Idempotency-Key " + record.idemKey() + " was already used for a different transfer: use a new key");
        }
        try {
            return new Outcome(json.readValue(record.responseBody(), MoneyService.Transfer.class), true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored idempotent response is not a transfer", e);
        }
    }

    private String write(MoneyService.Transfer transfer) {
        try {
            return json.writeValueAsString(transfer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a transfer always serializes", e);
        }
    }
}
