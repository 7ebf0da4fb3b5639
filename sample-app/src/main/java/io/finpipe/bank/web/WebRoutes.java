package io.finpipe.bank.web;

import io.finpipe.bank.db.Account;
import io.finpipe.bank.db.SessionWithAccounts;
import io.finpipe.bank.db.SignedSession;
import io.finpipe.bank.db.User;
import io.finpipe.bank.db.WebSession;
import io.finpipe.bank.service.AccountService;
import io.finpipe.bank.service.AuthService;
import io.finpipe.bank.service.BankException;
import io.finpipe.bank.service.Inputs;
import io.finpipe.bank.service.MoneyService;
import io.finpipe.bank.service.SavingsService;
import io.finpipe.bank.service.Secrets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import spark.Request;
import spark.Response;

/**
 * The browser UI: server-rendered forms. Sessions live in the database (a cookie holds a random id,
 * HttpOnly, SameSite=Lax, Secure behind HTTPS); every POST must carry its session's CSRF token.
 */
final class WebRoutes {

    static final String COOKIE = "fp_session";
    static final String CSRF_FIELD = "_csrf";
    /** The request's session as an Optional SignedSession once loaded (empty: no valid session). */
    private static final String SIGNED = "signedSession";
    private static final int PAGE_SIZE = 20;
    private static final Set<String> FORM_FIELDS_KEPT = Set.of("firstName", "lastName", "username", "name", "type",
            "amount", "description", "from", "to", "goal", "monthlyAmount", "annualRate", "years");

    private final HttpServer server;
    private final Services services;
    private final Views views;

    WebRoutes(HttpServer server, Services services, Views views) {
        this.server = server;
        this.services = services;
        this.views = views;
    }

    void register() {
        server.before("*", this::loadSessionAndCheckCsrf);
        server.get("/", (req, res) -> {
            seeOther(res, user(req) == null ? "/login" : "/accounts");
            return "";
        });
        server.get("/register", (req, res) -> page(req, res, "register", "Open your online banking", Map.of()));
        server.post("/register", (req, res) -> {
            try {
                User user = services.auth().register(new AuthService.Registration(req.queryParams("firstName"),
                        req.queryParams("lastName"), req.queryParams("username"), req.queryParams("password"),
                        req.queryParams("passwordRepeat")));
                signIn(req, res, user);
                seeOther(res, "/accounts");
                return "";
            } catch (BankException e) {
                return formError(req, res, "register", "Open your online banking", e, Map.of());
            }
        });
        server.get("/login", (req, res) -> page(req, res, "login", "Log in", Map.of()));
        server.post("/login", (req, res) -> {
            try {
                signIn(req, res, services.auth().login(req.queryParams("username"), req.queryParams("password")));
                seeOther(res, "/accounts");
                return "";
            } catch (BankException e) {
                if (e.retryAfterSeconds() > 0) {
                    res.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
                return formError(req, res, "login", "Log in", e, Map.of());
            }
        });
        server.post("/logout", (req, res) -> {
            services.auth().endSession(session(req));
            setCookie(req, res, "", 0);
            seeOther(res, "/login");
            return "";
        });
        server.get("/accounts", (req, res) -> accountsPage(req, res, null));
        server.post("/accounts", (req, res) -> {
            User user = requireUser(req, res);
            try {
                Account account = services.accounts().open(user.id(), req.queryParams("name"), req.queryParams("type"));
                seeOther(res, "/accounts/" + account.number() + "?done=opened");
                return "";
            } catch (BankException e) {
                return accountsPage(req, res, e);
            }
        });
        server.get("/accounts/:number", (req, res) -> accountPage(req, res, null));
        server.post("/accounts/:number/deposit", (req, res) -> movement(req, res, true));
        server.post("/accounts/:number/withdraw", (req, res) -> movement(req, res, false));
        server.get("/transfer", (req, res) -> transferPage(req, res, null));
        server.post("/transfer", (req, res) -> {
            User user = requireUser(req, res);
            try {
                MoneyService.Transfer transfer = services.money().transfer(user.id(), new MoneyService.TransferRequest(
                        req.queryParams("from"), req.queryParams("to"), req.queryParams("amount"), req.queryParams("description")));
                seeOther(res, "/accounts/" + transfer.from() + "?done=transfer");
                return "";
            } catch (BankException e) {
                return transferPage(req, res, e);
            }
        });
        server.get("/savings", (req, res) -> savingsPage(req, res, null, null));
        server.post("/savings", (req, res) -> {
            User user = requireUser(req, res);
            try {
                SavingsService.Plan plan = services.savings().project(user.id(), req.queryParams("goal"),
                        req.queryParams("monthlyAmount"), req.queryParams("annualRate"), req.queryParams("years"));
                seeOther(res, "/savings/" + plan.projection().id());
                return "";
            } catch (BankException e) {
                return savingsPage(req, res, null, e);
            }
        });
        server.get("/savings/:id", (req, res) -> {
            User user = requireUser(req, res);
            long id = Inputs.wholeNumber("id", req.params("id"), 1, Integer.MAX_VALUE);
            return savingsPage(req, res, services.savings().plan(user.id(), id), null);
        });
    }

    // --- pages

    private String accountsPage(Request req, Response res, BankException error) {
        // On a GET the session is not loaded yet: load it with the user's accounts in one round trip.
        Optional<List<Account>> loadedWithSession = sessionLoaded(req) ? Optional.empty() : Optional.of(loadSessionWithAccounts(req));
        User user = requireUser(req, res);
        List<Account> accounts = loadedWithSession.orElseGet(() -> services.accounts().accounts(user.id()));
        Map<String, Object> model = new HashMap<>();
        model.put("accounts", accounts);
        model.put("total", accounts.stream().map(Account::balance).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add));
        return error == null ? page(req, res, "accounts", "Your accounts", model)
                : formError(req, res, "accounts", "Your accounts", error, model);
    }

    private String accountPage(Request req, Response res, BankException error) {
        User user = requireUser(req, res);
        Account account = services.accounts().owned(user.id(), "account", req.params("number"));
        int pageNumber = Inputs.wholeNumber("page", req.queryParamOrDefault("page", "1"), 1, 1_000_000);
        AccountService.Page history = services.accounts().history(user.id(), account.number(), pageNumber, PAGE_SIZE);
        Map<String, Object> model = new HashMap<>();
        model.put("account", account);
        model.put("history", history);
        model.put("done", req.queryParams("done"));
        return error == null ? page(req, res, "account", account.name(), model)
                : formError(req, res, "account", account.name(), error, model);
    }

    private String movement(Request req, Response res, boolean deposit) {
        User user = requireUser(req, res);
        String number = req.params("number");
        try {
            if (deposit) {
                services.money().deposit(user.id(), number, req.queryParams("amount"), req.queryParams("description"));
            } else {
                services.money().withdraw(user.id(), number, req.queryParams("amount"), req.queryParams("description"));
            }
            seeOther(res, "/accounts/" + number + "?done=" + (deposit ? "deposit" : "withdrawal"));
            return "";
        } catch (BankException e) {
            if (e.status() == 404) {
                throw e;
            }
            req.attribute("movement", deposit ? "deposit" : "withdraw");
            return accountPage(req, res, e);
        }
    }

    private String transferPage(Request req, Response res, BankException error) {
        User user = requireUser(req, res);
        Map<String, Object> model = Map.of("accounts", services.accounts().accounts(user.id()),
                "selected", req.queryParamOrDefault("from", ""));
        return error == null ? page(req, res, "transfer", "Transfer money", model)
                : formError(req, res, "transfer", "Transfer money", error, model);
    }

    private String savingsPage(Request req, Response res, SavingsService.Plan plan, BankException error) {
        User user = requireUser(req, res);
        Map<String, Object> model = new HashMap<>();
        model.put("history", services.savings().history(user.id()));
        if (plan != null) {
            model.put("plan", plan);
        }
        return error == null ? page(req, res, "savings", "Savings planner", model)
                : formError(req, res, "savings", "Savings planner", error, model);
    }

    /** Re-renders a form with its error next to the field and the user's input kept (never passwords). */
    private String formError(Request req, Response res, String template, String title, BankException error,
                             Map<String, Object> model) {
        res.status(error.status());
        Map<String, Object> withError = new HashMap<>(model);
        withError.put("error", error.getMessage());
        withError.put("errorField", error.field() == null ? "" : error.field());
        Map<String, String> values = new HashMap<>();
        for (String field : FORM_FIELDS_KEPT) {
            String value = req.queryParams(field);
            if (value != null) {
                values.put(field, value);
            }
        }
        withError.put("form", values);
        withError.put("movement", req.attribute("movement"));
        return page(req, res, template, title, withError);
    }

    private String page(Request req, Response res, String template, String title, Map<String, Object> model) {
        Map<String, Object> full = new HashMap<>(model);
        full.putIfAbsent("form", Map.of());
        full.put("title", title);
        full.put("user", user(req));
        full.put("csrf", ensureSession(req, res).csrfToken());
        res.type("text/html;charset=utf-8");
        return views.render(template, full);
    }

    // --- sessions and CSRF

    /** Every POST must carry its session's CSRF token; other requests load their session when they need it. */
    private void loadSessionAndCheckCsrf(Request req, Response res) {
        if (!"POST".equals(req.requestMethod()) || HttpServer.isApi(req) || req.pathInfo().startsWith("/health")
                || req.pathInfo().equals("/metrics") || req.pathInfo().startsWith("/static/")) {
            return;
        }
        WebSession session = session(req);
        if (session == null || !Secrets.constantTimeEquals(session.csrfToken(), req.queryParams(CSRF_FIELD))) {
            throw BankException.forbidden("csrf_failed",
                    "This form has expired or did not come from this site: reload the page and submit it again.");
        }
    }

    private static boolean sessionLoaded(Request req) {
        return req.attribute(SIGNED) != null;
    }

    /** The request's unexpired session with its user, read from the database once per request. */
    private Optional<SignedSession> signedSession(Request req) {
        Optional<SignedSession> signed = req.attribute(SIGNED);
        if (signed == null) {
            signed = services.auth().session(req.cookie(COOKIE));
            req.attribute(SIGNED, signed);
        }
        return signed;
    }

    /** Loads the session as signedSession does, returning the signed-in user's accounts (empty otherwise). */
    private List<Account> loadSessionWithAccounts(Request req) {
        Optional<SessionWithAccounts> loaded = services.auth().sessionWithAccounts(req.cookie(COOKIE));
        req.attribute(SIGNED, loaded.map(SessionWithAccounts::signed));
        return loaded.map(SessionWithAccounts::accounts).orElse(List.of());
    }

    private User user(Request req) {
        return signedSession(req).map(SignedSession::user).orElse(null);
    }

    private WebSession session(Request req) {
        return signedSession(req).map(SignedSession::session).orElse(null);
    }

    private User requireUser(Request req, Response res) {
        User user = user(req);
        if (user == null) {
            seeOther(res, "/login");
            throw spark.Spark.halt(303);
        }
        return user;
    }

    private WebSession ensureSession(Request req, Response res) {
        WebSession session = session(req);
        if (session == null) {
            AuthService.NewSession created = services.auth().startSession(null);
            setCookie(req, res, created.cookieValue(), AuthService.SESSION_TTL.toSeconds());
            session = created.session();
            req.attribute(SIGNED, Optional.of(new SignedSession(session, null)));
        }
        return session;
    }

    /** Login replaces the session (and its CSRF token), so an id planted before login is worthless. */
    private void signIn(Request req, Response res, User user) {
        WebSession old = session(req);
        if (old != null) {
            services.auth().endSession(old);
        }
        AuthService.NewSession created = services.auth().startSession(user.id());
        setCookie(req, res, created.cookieValue(), AuthService.SESSION_TTL.toSeconds());
        req.attribute(SIGNED, Optional.of(new SignedSession(created.session(), user)));
    }

    /**
     * 303 to location. Not Spark's res.redirect(location, status): that sends an error (Jetty's error page with
     * its version in the body) and Connection: close.
     */
    private static void seeOther(Response res, String location) {
        res.status(303);
        res.header("Location", location);
    }

    private static void setCookie(Request req, Response res, String value, long maxAgeSeconds) {
        boolean https = "https".equalsIgnoreCase(req.headers("X-Forwarded-Proto")) || req.raw().isSecure();
        res.raw().addHeader("Set-Cookie", COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax" + (https ? "; Secure" : ""));
    }
}
