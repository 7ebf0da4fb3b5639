package io.finpipe.bank.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finpipe.bank.service.AuthService;
import io.finpipe.bank.testing.RunningApp;
import io.finpipe.bank.testing.SqlStatements;
import io.finpipe.bank.testing.WebClient;
import io.finpipe.bank.testing.WebClient.Reply;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON API through real HTTP against the running service (H2). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiHttpTest {

    private static final AtomicInteger USERS = new AtomicInteger();
    private RunningApp server;
    private WebClient client;

    @BeforeAll
    void start() {
        server = RunningApp.onH2();
        client = new WebClient(server.baseUrl);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A registered user with a bearer token. */
    record Caller(String username, String token, long tokenId) {
        String[] auth(String... more) {
            List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer " + token));
            headers.addAll(List.of(more));
            return headers.toArray(String[]::new);
        }
    }

    Caller newCaller() {
        String username = "api" + USERS.incrementAndGet();
        Reply created = client.postJson("/api/v1/users", Map.of("firstName", "Grace", "lastName", "Hopper",
                "username", username, "password", "cobol rocks 1959", "passwordRepeat", "cobol rocks 1959"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Reply token = client.postJson("/api/v1/tokens", Map.of("username", username, "password", "cobol rocks 1959"));
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        return new Caller(username, token.json().get("token").asText(), token.json().get("id").asLong());
    }

    String openAccount(Caller caller, String deposit) {
        Reply opened = client.postJson("/api/v1/accounts", Map.of("name", "Main", "type", "CHECKING"), caller.auth());
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String number = opened.json().get("number").asText();
        if (deposit != null) {
            assertThat(client.postJson("/api/v1/accounts/" + number + "/deposits", Map.of("amount", deposit), caller.auth())
                    .status()).isEqualTo(201);
        }
        return number;
    }

    String balance(Caller caller, String number) {
        return client.get("/api/v1/accounts/" + number, caller.auth()).json().get("balance").asText();
    }

    static void assertError(Reply reply, int status, String code, String field, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).contains(message);
        if (field == null) {
            assertThat(body.has("field")).isFalse();
        } else {
            assertThat(body.get("field").asText()).isEqualTo(field);
        }
    }

    @Test
    void fullJourney() {
        Caller alice = newCaller();
        Caller bob = newCaller();
        assertThat(client.get("/api/v1/me", alice.auth()).json().get("username").asText()).isEqualTo(alice.username());
        String main = openAccount(alice, "250.00");
        Reply savings = client.postJson("/api/v1/accounts", Map.of("name", "Savings", "type", "savings"), alice.auth());
        assertThat(savings.json().get("type").asText()).isEqualTo("SAVINGS");
        String bobs = openAccount(bob, null);

        Reply withdrawal = client.postJson("/api/v1/accounts/" + main + "/withdrawals",
                Map.of("amount", 50, "description", "cash"), alice.auth());
        assertThat(withdrawal.status()).isEqualTo(201);
        assertThat(withdrawal.json().get("amount").asText()).isEqualTo("-50.00");
        Reply toOwn = client.postJson("/api/v1/transfers", Map.of("from", main, "to", savings.json().get("number").asText(),
                "amount", "20.5"), alice.auth());
        assertThat(toOwn.status()).as(toOwn.body()).isEqualTo(201);
        Reply toBob = client.postJson("/api/v1/transfers", Map.of("from", main, "to", bobs, "amount", "100.00",
                "description", "rent"), alice.auth());
        assertThat(toBob.json().get("fromBalanceAfter").asText()).isEqualTo("79.50");
        assertThat(balance(bob, bobs)).isEqualTo("100.00");

        JsonNode accounts = client.get("/api/v1/accounts", alice.auth()).json().get("accounts");
        assertThat(accounts).hasSize(2);
        assertThat(accounts.get(0).get("currency").asText()).isEqualTo("EUR");
        JsonNode page = client.get("/api/v1/accounts/" + main + "/entries?page=1&size=2", alice.auth()).json();
        assertThat(page.get("total").asInt()).isEqualTo(4);
        assertThat(page.get("entries")).extracting(e -> e.get("kind").asText()).containsExactly("TRANSFER_OUT", "TRANSFER_OUT");
        JsonNode older = client.get("/api/v1/accounts/" + main + "/entries?page=2&size=2", alice.auth()).json();
        assertThat(older.get("entries")).extracting(e -> e.get("kind").asText()).containsExactly("WITHDRAWAL", "DEPOSIT");

        Reply projection = client.postJson("/api/v1/savings-projections", Map.of("goal", "Sabbatical",
                "monthlyAmount", "200", "annualRate", "3.5", "years", 5), alice.auth());
        assertThat(projection.status()).as(projection.body()).isEqualTo(201);
        assertThat(projection.json().get("table")).hasSize(5);
        assertThat(projection.json().get("projectedBalance").asText()).isEqualTo("13093.22"); // 200 * ((1 + r)^60 - 1) / r, r = 0.035 / 12
        long id = projection.json().get("id").asLong();
        assertThat(client.get("/api/v1/savings-projections", alice.auth()).json().get("projections"))
                .extracting(p -> p.get("goal").asText()).containsExactly("Sabbatical");
        assertThat(client.get("/api/v1/savings-projections/" + id, alice.auth()).status()).isEqualTo(200);
        assertError(client.get("/api/v1/savings-projections/" + id, bob.auth()), 404, "not_found", "id", "no savings projection");
        assertThat(server.checks().dao().accountsOutOfBalance()).isEmpty();
    }

    @ParameterizedTest(name = "amount {0}")
    @CsvSource(delimiter = '|', value = {
        "'\"-1\"'     | must be greater than 0",
        "-1          | must be greater than 0",
        "0           | must be greater than 0",
        "0.001       | at most 2 decimal places",
        "1e9         | at most 1000000.00",
        "'\"1e9\"'    | at most 1000000.00",
        "'\"abc\"'    | must be a number like 12.34",
        "'\"\"'       | amount is required",
        "null        | amount is required",
        "true        | must be a number like 12.34",
        "'[1]'       | must be a number like 12.34"})
    void badAmountsAreRefusedAndMoveNothing(String json, String message) {
        Caller caller = newCaller();
        String number = openAccount(caller, "10.00");
        assertError(client.postJson("/api/v1/accounts/" + number + "/deposits", "{\"amount\": " + json + "}", caller.auth()),
                400, "invalid_input", "amount", message);
        assertError(client.postJson("/api/v1/accounts/" + number + "/withdrawals", "{\"amount\": " + json + "}", caller.auth()),
                400, "invalid_input", "amount", message);
        assertThat(balance(caller, number)).isEqualTo("10.00");
    }

    @Test
    void missingAmountAndBadBodiesAreRefused() {
        Caller caller = newCaller();
        String number = openAccount(caller, null);
        assertError(client.postJson("/api/v1/accounts/" + number + "/deposits", "{}", caller.auth()),
                400, "invalid_input", "amount", "amount is required");
        assertError(client.postJson("/api/v1/accounts/" + number + "/deposits", "not json", caller.auth()),
                400, "invalid_input", "body", "JSON object");
        assertError(client.postJson("/api/v1/accounts/" + number + "/deposits", "[1]", caller.auth()),
                400, "invalid_input", "body", "JSON object");
        assertError(client.postJson("/api/v1/accounts", Map.of("name", "n".repeat(61), "type", "CHECKING"), caller.auth()),
                400, "invalid_input", "name", "at most 60 characters");
        assertError(client.get("/api/v1/accounts/" + number + "/entries?size=101", caller.auth()),
                400, "invalid_input", "size", "1 to 100");
    }

    @Test
    void otherUsersAccountsAre404AndNothingMoves() {
        Caller owner = newCaller();
        Caller intruder = newCaller();
        String theirs = openAccount(owner, "100.00");
        String mine = openAccount(intruder, "100.00");
        assertError(client.get("/api/v1/accounts/" + theirs, intruder.auth()), 404, "not_found", "number", "you have no account");
        assertError(client.get("/api/v1/accounts/" + theirs + "/entries", intruder.auth()), 404, "not_found", "account", "you have no account");
        assertError(client.postJson("/api/v1/accounts/" + theirs + "/withdrawals", Map.of("amount", "1"), intruder.auth()),
                404, "not_found", "account", "you have no account");
        assertError(client.postJson("/api/v1/transfers", Map.of("from", theirs, "to", mine, "amount", "1"), intruder.auth()),
                404, "not_found", "from", "you have no account");
        assertError(client.postJson("/api/v1/transfers", Map.of("from", mine, "to", "FP980000000000", "amount", "1"), intruder.auth()),
                404, "not_found", "to", "there is no account");
        assertError(client.postJson("/api/v1/transfers", Map.of("from", mine, "to", theirs, "amount", "100.01"), intruder.auth()),
                409, "insufficient_funds", "amount", "insufficient funds");
        assertThat(balance(owner, theirs)).isEqualTo("100.00");
        assertThat(balance(intruder, mine)).isEqualTo("100.00");
    }

    @Test
    void duplicateUsernameAndWeakPasswordAreRefused() {
        Caller caller = newCaller();
        assertError(client.postJson("/api/v1/users", Map.of("firstName", "A", "lastName", "B", "username", caller.username(),
                "password", "password123", "passwordRepeat", "password123")), 409, "username_taken", "username", "already taken");
        assertError(client.postJson("/api/v1/users", Map.of("firstName", "A", "lastName", "B", "username", "weak-one",
                "password", "password", "passwordRepeat", "password")), 400, "invalid_input", "password", "letters and digits");
        assertError(client.postJson("/api/v1/users", Map.of("firstName", "A".repeat(101), "lastName", "B", "username", "long-one",
                "password", "password123", "passwordRepeat", "password123")), 400, "invalid_input", "firstName", "at most 100");
    }

    @Test
    void anIdempotentTransferCostsSixStatements() {
        Caller caller = newCaller();
        String from = openAccount(caller, "100.00");
        String to = openAccount(caller, null);
        List<String> statements = SqlStatements.during(server.app.database().jdbi(), () -> assertThat(client.postJson(
                "/api/v1/transfers", Map.of("from", from, "to", to, "amount", "1.00"), caller.auth("Idempotency-Key", "count-1"))
                .status()).isEqualTo(201));
        // token, earlier key?, lock both accounts, both balances, both entries, the key with its response
        assertThat(statements).as(String.join("\n", statements)).hasSize(6);
        assertThat(balance(caller, to)).isEqualTo("1.00");
    }

    @Test
    void idempotencyKeyReplaysTheFirstResult() {
        Caller caller = newCaller();
        String from = openAccount(caller, "100.00");
        String to = openAccount(newCaller(), null);
        Map<String, Object> body = Map.of("from", from, "to", to, "amount", "30.00");
        Reply first = client.postJson("/api/v1/transfers", body, caller.auth("Idempotency-Key", "pay-42"));
        Reply replay = client.postJson("/api/v1/transfers", body, caller.auth("Idempotency-Key", "pay-42"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json()).isEqualTo(first.json());
        assertThat(balance(caller, from)).isEqualTo("70.00");
        assertError(client.postJson("/api/v1/transfers", Map.of("from", from, "to", to, "amount", "31.00"),
                caller.auth("Idempotency-Key", "pay-42")), 409, "idempotency_key_reused", "Idempotency-Key", "different transfer");
        assertThat(balance(caller, from)).isEqualTo("70.00");
        // keys are per user: another user's same key is a new transfer
        Caller other = newCaller();
        String otherFrom = openAccount(other, "50.00");
        assertThat(client.postJson("/api/v1/transfers", Map.of("from", otherFrom, "to", to, "amount", "30.00"),
                other.auth("Idempotency-Key", "pay-42")).header("Idempotent-Replayed")).isNull();
    }

    @Test
    void tokensAreNeededAndStopWorkingWhenRevokedOrExpired() {
        assertError(client.get("/api/v1/accounts"), 401, "unauthorized", null, "Authorization: Bearer");
        assertError(client.get("/api/v1/accounts", "Authorization", "Bearer fpt_forged"), 401, "unauthorized", null, "valid");
        assertError(client.get("/api/v1/accounts", "Authorization", "Basic YTpi"), 401, "unauthorized", null, "Bearer");
        Caller revoked = newCaller();
        Caller other = newCaller();
        assertError(client.delete("/api/v1/tokens/" + revoked.tokenId(), other.auth()), 404, "not_found", "id", "no active token");
        Reply revoke = client.delete("/api/v1/tokens/" + revoked.tokenId(), revoked.auth());
        assertThat(revoke.status()).isEqualTo(204);
        assertError(client.get("/api/v1/accounts", revoked.auth()), 401, "unauthorized", null, "valid");
        Caller expiring = newCaller();
        assertThat(client.get("/api/v1/accounts", expiring.auth()).status()).isEqualTo(200);
        server.clock.advance(AuthService.TOKEN_TTL.plusSeconds(1));
        assertError(client.get("/api/v1/accounts", expiring.auth()), 401, "unauthorized", null, "unexpired");
        assertThat(server.checks().dao().tokenByHash(expiring.token())).as("only hashes are stored").isEmpty();
    }

    @Test
    void loginIsThrottledWith429AndRetryAfter() {
        Caller caller = newCaller();
        for (int i = 0; i < AuthService.MAX_FAILURES; i++) {
            // the first guess is longer than bcrypt's 72 bytes: just as wrong, and counted
            String guess = i == 0 ? "guess ".repeat(20) : "guess " + i;
            assertError(client.postJson("/api/v1/tokens", Map.of("username", caller.username(), "password", guess)),
                    401, "unauthorized", null, "wrong username or password");
        }
        Reply throttled = client.postJson("/api/v1/tokens", Map.of("username", caller.username(), "password", "cobol rocks 1959"));
        assertError(throttled, 429, "too_many_attempts", null, "try again in");
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 601L);
    }

    @Test
    void scriptPayloadsComeBackAsInertJsonText() {
        Caller caller = newCaller();
        String script = "<script>alert('x')</script>";
        Reply opened = client.postJson("/api/v1/accounts", Map.of("name", script, "type", "CHECKING"), caller.auth());
        assertThat(opened.header("Content-Type")).startsWith("application/json");
        assertThat(opened.json().get("name").asText()).isEqualTo(script);
        assertThat(opened.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void everyDocumentedOperationAnswersWithADocumentedStatus() {
        Caller caller = newCaller();
        String number = openAccount(caller, "100.00");
        String other = openAccount(newCaller(), null);
        long projection = client.postJson("/api/v1/savings-projections", Map.of("goal", "g", "monthlyAmount", "1",
                "annualRate", "1", "years", 1), caller.auth()).json().get("id").asLong();
        Caller revoker = newCaller();
        Map<String, Object> bodies = Map.of(
                "/api/v1/users", Map.of("firstName", "O", "lastName", "A", "username", "openapi-user",
                        "password", "password123", "passwordRepeat", "password123"),
                "/api/v1/tokens", Map.of("username", caller.username(), "password", "cobol rocks 1959"),
                "/api/v1/accounts", Map.of("name", "Doc", "type", "SAVINGS"),
                "/api/v1/accounts/{number}/deposits", Map.of("amount", "1"),
                "/api/v1/accounts/{number}/withdrawals", Map.of("amount", "1"),
                "/api/v1/transfers", Map.of("from", number, "to", other, "amount", "1"),
                "/api/v1/savings-projections", Map.of("goal", "g", "monthlyAmount", "1", "annualRate", "1", "years", 1));
        Reply document = client.get("/api/v1/openapi.json");
        assertThat(document.status()).isEqualTo(200);
        JsonNode paths = document.json().get("paths");
        int operations = 0;
        int badRequests = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            String concrete = path.getKey().replace("{number}", number)
                    .replace("{id}", path.getKey().startsWith("/api/v1/tokens") ? Long.toString(revoker.tokenId()) : Long.toString(projection));
            String[] auth = path.getKey().startsWith("/api/v1/tokens/") ? revoker.auth() : caller.auth();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                List<String> documented = new ArrayList<>();
                op.getValue().get("responses").fieldNames().forEachRemaining(documented::add);
                String method = op.getKey();
                // first each way to get it wrong that applies: no token, a bad path parameter, a body that is no JSON object
                Map<String, Reply> wrong = new java.util.LinkedHashMap<>();
                if (!op.getValue().has("security")) {
                    wrong.put("no token", call(method, concrete, bodies.get(path.getKey())));
                }
                if (path.getKey().contains("{")) {
                    wrong.put("bad path parameter", call(method, path.getKey().replaceAll("\\{[a-z]+}", "x1"),
                            bodies.get(path.getKey()), auth));
                }
                if (method.equals("post")) {
                    wrong.put("bad body", call(method, concrete, "[1]", auth));
                }
                wrong.forEach((what, answer) -> {
                    assertThat(answer.status()).as(method + " " + path.getKey() + " with " + what + ": " + answer.body())
                            .isBetween(400, 499);
                    assertThat(documented).as(method + " " + path.getKey() + " with " + what + " answered " + answer.status()
                            + ": " + answer.body()).contains(Integer.toString(answer.status()));
                });
                badRequests += wrong.size();
                Reply reply = call(method, concrete, bodies.get(path.getKey()), auth);
                assertThat(documented).as(method + " " + path.getKey() + " answered " + reply.status() + ": " + reply.body())
                        .contains(Integer.toString(reply.status()));
                assertThat(reply.status()).as(method + " " + path.getKey()).isLessThan(300);
                operations++;
            }
        }
        assertThat(operations).isEqualTo(15);
        assertThat(badRequests).isEqualTo(25);
        assertThat(new BigDecimal(balance(caller, number))).isEqualByComparingTo("99.00");
    }

    private Reply call(String method, String path, Object body, String... headers) {
        return switch (method) {
            case "get" -> client.get(path, headers);
            case "post" -> client.postJson(path, body, headers);
            case "delete" -> client.delete(path, headers);
            default -> throw new AssertionError("undocumented method in test: " + method);
        };
    }

    @Test
    void unknownApiPathsAnswerJson404() {
        assertError(client.get("/api/v1/nope", newCaller().auth()), 404, "not_found", null, "no such page");
    }
}
