package io.finpipe.bank.web;

import io.finpipe.bank.db.Account;
import io.finpipe.bank.db.ApiToken;
import io.finpipe.bank.db.Entry;
import io.finpipe.bank.db.SavingsProjection;
import io.finpipe.bank.db.User;
import io.finpipe.bank.service.AccountService;
import io.finpipe.bank.service.AuthService;
import io.finpipe.bank.service.BankException;
import io.finpipe.bank.service.IdempotentTransfers;
import io.finpipe.bank.service.Inputs;
import io.finpipe.bank.service.MoneyService;
import io.finpipe.bank.service.SavingsService;
import java.io.IOException;
import java.util.LinkedHashMap;

import java.util.Map;
import spark.Request;
import spark.Response;

/** JSON API under /api/v1, described by /api/v1/openapi.json. Bearer tokens only: no cookies, no CSRF. */
final class ApiRoutes {

    private static final String PREFIX = "/api/v1";
    private static final String USER = "apiUser";
    private static final String TOKEN = "apiToken";

    private final HttpServer server;
    private final Services services;
    private final byte[] openApi;

    ApiRoutes(HttpServer server, Services services) {
        this.server = server;
        this.services = services;
        openApi = HttpServer.resource("/api/openapi.json");
    }

    void register() {
        server.before(PREFIX + "/*", this::authenticate);
        server.get(PREFIX + "/openapi.json", (req, res) -> {
            res.type("application/json");
            return openApi;
        });
        server.post(PREFIX + "/users", (req, res) -> {
            Json.Body body = body(req);
            User user = services.auth().register(new AuthService.Registration(body.text("firstName"),
                    body.text("lastName"), body.text("username"), body.text("password"), body.text("passwordRepeat")));
            return created(res, user(user));
        });
        server.post(PREFIX + "/tokens", (req, res) -> {
            Json.Body body = body(req);
            User user = services.auth().login(body.text("username"), body.text("password"));
            AuthService.IssuedToken token = services.auth().issueToken(user);
            return created(res, Map.of("id", token.id(), "token", token.token(), "tokenType", "Bearer",
                    "expiresAt", token.expiresAt()));
        });
        server.delete(PREFIX + "/tokens/:id", (req, res) -> {
            long id = Inputs.wholeNumber("id", req.params("id"), 1, Integer.MAX_VALUE);
            services.auth().revokeToken(userId(req), id);
            res.status(204);
            return "";
        });
        server.get(PREFIX + "/me", (req, res) -> server.json(res,
                user(services.auth().user(userId(req)).orElseThrow())));
        server.get(PREFIX + "/accounts", (req, res) -> server.json(res,
                Map.of("accounts", services.accounts().accounts(userId(req)).stream().map(ApiRoutes::account).toList())));
        server.post(PREFIX + "/accounts", (req, res) -> {
            Json.Body body = body(req);
            return created(res, account(services.accounts().open(userId(req), body.text("name"), body.text("type"))));
        });
        server.get(PREFIX + "/accounts/:number", (req, res) -> server.json(res,
                account(services.accounts().owned(userId(req), "number", req.params("number")))));
        server.get(PREFIX + "/accounts/:number/entries", (req, res) -> {
            int page = Inputs.wholeNumber("page", valueOr(req.queryParams("page"), "1"), 1, 1_000_000);
            int size = Inputs.wholeNumber("size", valueOr(req.queryParams("size"), "20"), 1, AccountService.MAX_PAGE_SIZE);
            AccountService.Page history = services.accounts().history(userId(req), req.params("number"), page, size);
            return server.json(res, Map.of("entries", history.entries().stream().map(ApiRoutes::entry).toList(),
                    "page", history.page(), "size", history.size(), "total", history.total()));
        });
        server.post(PREFIX + "/accounts/:number/deposits", (req, res) -> {
            Json.Body body = body(req);
            return created(res, entry(services.money().deposit(userId(req), req.params("number"),
                    body.text("amount"), body.text("description"))));
        });
        server.post(PREFIX + "/accounts/:number/withdrawals", (req, res) -> {
            Json.Body body = body(req);
            return created(res, entry(services.money().withdraw(userId(req), req.params("number"),
                    body.text("amount"), body.text("description"))));
        });
        server.post(PREFIX + "/transfers", (req, res) -> {
            Json.Body body = body(req);
            IdempotentTransfers.Outcome outcome = services.transfers().transfer(userId(req), req.headers("Idempotency-Key"),
                    new MoneyService.TransferRequest(body.text("from"), body.text("to"), body.text("amount"),
                            body.text("description")));
            if (outcome.replayed()) {
                res.header("Idempotent-Replayed", "true");
            }
            return created(res, outcome.transfer());
        });
        server.get(PREFIX + "/savings-projections", (req, res) -> server.json(res, Map.of("projections",
                services.savings().history(userId(req)).stream().map(ApiRoutes::projection).toList())));
        server.post(PREFIX + "/savings-projections", (req, res) -> {
            Json.Body body = body(req);
            SavingsService.Plan plan = services.savings().project(userId(req), body.text("goal"),
                    body.text("monthlyAmount"), body.text("annualRate"), body.text("years"));
            return created(res, plan(plan));
        });
        server.get(PREFIX + "/savings-projections/:id", (req, res) -> server.json(res, plan(services.savings().plan(
                userId(req), Inputs.wholeNumber("id", req.params("id"), 1, Integer.MAX_VALUE)))));
    }

    private void authenticate(Request req, Response res) {
        String path = req.pathInfo();
        boolean open = path.equals(PREFIX + "/openapi.json")
                || ("POST".equals(req.requestMethod()) && (path.equals(PREFIX + "/tokens") || path.equals(PREFIX + "/users")));
        if (open) {
            return;
        }
        String header = req.headers("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        ApiToken valid = services.auth().token(token).orElseThrow(() -> BankException.unauthorized(
                "send a valid, unexpired token as 'Authorization: Bearer <token>' (POST /api/v1/tokens issues one)"));
        req.attribute(USER, valid.userId());
        req.attribute(TOKEN, valid.id());
    }

    private Json.Body body(Request req) {
        return Json.Body.parse(services.json(), req.body());
    }

    private static long userId(Request req) {
        return req.<Long>attribute(USER);
    }

    private String created(Response res, Object body) throws IOException {
        res.status(201);
        return server.json(res, body);
    }

    private static String valueOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Map<String, Object> user(User user) {
        return ordered("username", user.username(), "firstName", user.firstName(), "lastName", user.lastName());
    }

    private static Map<String, Object> account(Account a) {
        return ordered("number", a.number(), "name", a.name(), "type", a.kind(), "currency", a.currency(),
                "balance", a.balance(), "createdAt", a.createdAt());
    }

    private static Map<String, Object> entry(Entry e) {
        return ordered("id", e.id(), "kind", e.kind(), "amount", e.amount(), "balanceAfter", e.balanceAfter(),
                "counterparty", e.counterparty(), "description", e.description(), "transferId", e.transferId(),
                "createdAt", e.createdAt());
    }

    private static Map<String, Object> projection(SavingsProjection p) {
        return ordered("id", p.id(), "goal", p.goal(), "monthlyAmount", p.monthlyAmount(), "annualRate", p.annualRate(),
                "years", p.years(), "projectedBalance", p.projectedBalance(), "totalContributed", p.totalContributed(),
                "createdAt", p.createdAt());
    }

    private static Map<String, Object> plan(SavingsService.Plan plan) {
        Map<String, Object> body = projection(plan.projection());
        body.put("table", plan.years());
        return body;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

}
