package io.finpipe.bank.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.finpipe.bank.db.Account;
import io.finpipe.bank.db.User;
import io.finpipe.bank.service.AuthService;
import io.finpipe.bank.testing.RunningApp;
import io.finpipe.bank.testing.SqlStatements;
import io.finpipe.bank.testing.WebClient;
import io.finpipe.bank.testing.WebClient.Reply;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The browser UI through real HTTP: every feature via its form, with the CSRF token a browser would send. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiHttpTest {

    private static final AtomicInteger USERS = new AtomicInteger();
    private static final String PASSWORD = "s3cret enough";
    private RunningApp server;

    @BeforeAll
    void start() {
        server = RunningApp.onH2();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    WebClient browser() {
        return new WebClient(server.baseUrl);
    }

    /** Registers through the form; the browser is then logged in. */
    String register(WebClient browser) {
        String username = "web" + USERS.incrementAndGet();
        Reply reply = browser.submit("/register", "#register-form", Map.of("firstName", "Linus", "lastName", "Torvalds",
                "username", username, "password", PASSWORD, "passwordRepeat", PASSWORD));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.path()).isEqualTo("/accounts");
        return username;
    }

    String openAccount(WebClient browser, String name) {
        Reply reply = browser.submit("/accounts", "#open-account", Map.of("name", name, "type", "CHECKING"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.html().select("#done").text()).isEqualTo("Account opened.");
        return reply.path().substring("/accounts/".length());
    }

    Account account(String number) {
        return server.checks().dao().accountByNumber(number).orElseThrow();
    }

    @Test
    void registerOpenAccountsDepositWithdrawTransferAndSeeHistory() {
        WebClient browser = browser();
        register(browser);
        String main = openAccount(browser, "Everyday");
        String savings = openAccount(browser, "Rainy day");

        Reply deposit = browser.submit("/accounts/" + main, "#deposit-form", Map.of("amount", "500.00", "description", "salary"));
        assertThat(deposit.html().select("#done").text()).isEqualTo("Deposit booked.");
        assertThat(deposit.html().select("#balance").text()).isEqualTo("€ 500.00");
        Reply withdraw = browser.submit("/accounts/" + main, "#withdraw-form", Map.of("amount", "20", "description", "cash"));
        assertThat(withdraw.html().select("#balance").text()).isEqualTo("€ 480.00");

        Reply transfer = browser.submit("/transfer?from=" + main, "#transfer-form",
                Map.of("from", main, "to", savings, "amount", "80.00", "description", "save it"));
        assertThat(transfer.path()).isEqualTo("/accounts/" + main);
        assertThat(transfer.html().select("#done").text()).isEqualTo("Transfer booked.");
        Document history = transfer.html();
        assertThat(history.select("#history tbody tr")).hasSize(3);
        assertThat(history.select("#history tbody tr").first().text()).contains("save it", "-80.00", "400.00");

        Document overview = browser.get("/accounts").html();
        assertThat(overview.select("#total").text()).isEqualTo("€ 480.00");
        assertThat(overview.select("#accounts tbody tr")).extracting(e -> e.select("td").first().text())
                .containsExactly("Everyday", "Rainy day");
        assertThat(account(savings).balance()).isEqualByComparingTo("80.00");
    }

    @Test
    void formsRedirectWithAPlain303() {
        WebClient browser = new WebClient(server.baseUrl, HttpClient.Redirect.NEVER);
        assertSeeOther(browser.get("/"), "/login");
        Reply registered = browser.submit("/register", "#register-form", Map.of("firstName", "Ada", "lastName", "L",
                "username", "web" + USERS.incrementAndGet(), "password", PASSWORD, "passwordRepeat", PASSWORD));
        assertSeeOther(registered, "/accounts");
        assertThat(registered.header("Set-Cookie")).startsWith("fp_session=");
        assertSeeOther(browser.get("/"), "/accounts");
        assertThat(browser.get("/accounts").status()).as("the new session works").isEqualTo(200);
        assertSeeOther(new WebClient(server.baseUrl, HttpClient.Redirect.NEVER).get("/transfer"), "/login");
    }

    /** A 303 with the location, an empty body and the connection kept open: no error page behind it. */
    private static void assertSeeOther(Reply reply, String location) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(303);
        assertThat(reply.header("Location")).isEqualTo(location);
        assertThat(reply.header("Connection")).isNull();
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void theAccountsPageCostsOneStatement() {
        WebClient browser = browser();
        register(browser);
        openAccount(browser, "Everyday");
        openAccount(browser, "Rainy day");
        List<String> statements = SqlStatements.during(server.app.database().jdbi(),
                () -> assertThat(browser.get("/accounts").html().select("#accounts tbody tr")).hasSize(2));
        // the session joined with its user and their accounts; no write
        assertThat(statements).as(String.join("\n", statements)).hasSize(1);
    }

    @Test
    void aNewUserSeesNoAccountsAndAnExpiredSessionIsSentToLogin() {
        WebClient browser = browser();
        register(browser);
        Document empty = browser.get("/accounts").html();
        assertThat(empty.select("#no-accounts")).hasSize(1);
        assertThat(empty.select("#total").text()).isEqualTo("€ 0.00");
        server.clock.advance(AuthService.SESSION_TTL.plusSeconds(1));
        assertThat(browser.get("/accounts").path()).isEqualTo("/login");
    }

    @Test
    void historyIsPaginatedNewestFirst() {
        WebClient browser = browser();
        register(browser);
        String number = openAccount(browser, "Busy");
        Account account = account(number);
        for (int i = 1; i <= 25; i++) {
            browser.submit("/accounts/" + number, "#deposit-form", Map.of("amount", "1", "description", "d" + i));
        }
        Document first = browser.get("/accounts/" + number).html();
        assertThat(first.select("#history tbody tr")).hasSize(20);
        assertThat(first.select("#history tbody tr").first().text()).contains("d25");
        assertThat(first.select(".pager span").text()).isEqualTo("Page 1 of 2");
        Document second = browser.get(first.select("#older").attr("href")).html();
        assertThat(second.select("#history tbody tr")).hasSize(5);
        assertThat(second.select("#history tbody tr").last().text()).contains("d1");
        assertThat(account.id()).isPositive();
        Reply badPage = browser.get("/accounts/" + number + "?page=zero");
        assertThat(badPage.status()).isEqualTo(400);
        assertThat(badPage.html().select("#message").text()).contains("page must be a whole number");
    }

    @Test
    void aMovementsErrorPageKeepsItsInputAndItsPagerLinksLeadToTheAccount() {
        WebClient browser = browser();
        register(browser);
        String number = openAccount(browser, "Busy");
        for (int i = 1; i <= 21; i++) {
            browser.submit("/accounts/" + number, "#deposit-form", Map.of("amount", "1", "description", "d" + i));
        }
        Reply refused = browser.submit("/accounts/" + number, "#withdraw-form", Map.of("amount", "500", "description", "rent"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.path()).isEqualTo("/accounts/" + number + "/withdraw");
        assertThat(refused.html().select("#withdraw-form input[name=amount]").val()).isEqualTo("500");
        assertThat(refused.html().select("#withdraw-form input[name=description]").val()).isEqualTo("rent");
        assertThat(refused.html().select("#deposit-form input[name=description]").val()).isEmpty();
        Reply older = browser.get(refused.html().select("#older").attr("href"));
        assertThat(older.status()).isEqualTo(200);
        assertThat(older.html().select("#history tbody tr")).hasSize(1);
        assertThat(older.html().select("#newer").attr("href")).isEqualTo("/accounts/" + number + "?page=1");
    }

    @Test
    void aPagePastTheEndLeadsBackToTheLastOne() {
        WebClient browser = browser();
        register(browser);
        String number = openAccount(browser, "Quiet");
        assertThat(browser.get("/accounts/" + number + "?page=3").html().select("#no-entries").text()).isEqualTo("No movements yet.");
        browser.submit("/accounts/" + number, "#deposit-form", Map.of("amount", "1"));
        Document pastTheEnd = browser.get("/accounts/" + number + "?page=7").html();
        assertThat(pastTheEnd.select("#past-end").text()).isEqualTo("No movements on this page.");
        assertThat(pastTheEnd.select(".pager span").text()).isEqualTo("Page 7 of 1");
        Document last = browser.get(pastTheEnd.select("#newer").attr("href")).html();
        assertThat(last.select("#history tbody tr")).hasSize(1);
        assertThat(last.select(".pager span").text()).isEqualTo("Page 1 of 1");
    }

    @Test
    void savingsPlannerShowsTheYearlyTableAndKeepsHistory() {
        WebClient browser = browser();
        register(browser);
        Reply plan = browser.submit("/savings", "#savings-form", Map.of("goal", "New bike", "monthlyAmount", "100",
                "annualRate", "6", "years", "10"));
        assertThat(plan.path()).startsWith("/savings/");
        assertThat(plan.html().select("#projected").text()).isEqualTo("€ 16,387.93");
        assertThat(plan.html().select("#plan-table tbody tr")).hasSize(10);
        assertThat(plan.html().select("#projections li").text()).contains("New bike");
        Reply bad = browser.submit("/savings", "#savings-form", Map.of("goal", "X", "monthlyAmount", "100",
                "annualRate", "abc", "years", "10"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.html().select("#error").text()).contains("annualRate must be a percentage");
        assertThat(bad.html().select("input[name=goal]").val()).isEqualTo("X");
        Reply tooBig = browser.submit("/savings", "#savings-form", Map.of("goal", "Moon", "monthlyAmount", "100",
                "annualRate", "60", "years", "60"));
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.html().select("#error").text()).contains("years must be at most 53");
        Reply someoneElses = browser().get("/savings/" + plan.path().substring("/savings/".length()));
        assertThat(someoneElses.path()).as("logged out: sent to login").isEqualTo("/login");
    }

    @Test
    void badAmountsShowTheErrorAndMoveNothing() {
        WebClient browser = browser();
        register(browser);
        String number = openAccount(browser, "Main");
        for (String[] bad : List.of(new String[] {"-1", "amount must be greater than 0"},
                new String[] {"0", "amount must be greater than 0"}, new String[] {"0.001", "amount must have at most 2 decimal places"},
                new String[] {"1e9", "amount must be at most 1000000.00"}, new String[] {"abc", "amount must be a number like 12.34"},
                new String[] {"", "amount is required"})) {
            Reply reply = browser.submit("/accounts/" + number, "#deposit-form", Map.of("amount", bad[0]));
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.html().select("#error").text()).as(bad[0]).isEqualTo(bad[1]);
        }
        Reply missing = browser.postForm("/accounts/" + number + "/deposit",
                Map.of("_csrf", browser.get("/accounts/" + number).html().select("input[name=_csrf]").val()));
        assertThat(missing.html().select("#error").text()).isEqualTo("amount is required");
        Reply overdraft = browser.submit("/accounts/" + number, "#withdraw-form", Map.of("amount", "5"));
        assertThat(overdraft.status()).isEqualTo(409);
        assertThat(overdraft.html().select("#error").text()).contains("insufficient funds");
        assertThat(account(number).balance()).isEqualByComparingTo("0");
        assertThat(server.checks().dao().countEntries(account(number).id())).isZero();
    }

    @Test
    void anotherUsersAccountIs404AndNothingMoves() {
        WebClient owner = browser();
        register(owner);
        String theirs = openAccount(owner, "Private");
        owner.submit("/accounts/" + theirs, "#deposit-form", Map.of("amount", "50"));
        WebClient intruder = browser();
        register(intruder);
        String mine = openAccount(intruder, "Mine");
        assertThat(intruder.get("/accounts/" + theirs).status()).isEqualTo(404);
        String csrf = intruder.get("/accounts").html().select("input[name=_csrf]").val();
        Reply withdraw = intruder.postForm("/accounts/" + theirs + "/withdraw", Map.of("_csrf", csrf, "amount", "10"));
        assertThat(withdraw.status()).isEqualTo(404);
        Reply transfer = intruder.postForm("/transfer", Map.of("_csrf", csrf, "from", theirs, "to", mine, "amount", "10"));
        assertThat(transfer.status()).isEqualTo(404);
        assertThat(transfer.html().select("#error").text()).contains("you have no account");
        Reply unknown = intruder.postForm("/transfer", Map.of("_csrf", csrf, "from", mine, "to", "FP980000000000", "amount", "1"));
        assertThat(unknown.html().select("#error").text()).contains("there is no account FP980000000000");
        assertThat(account(theirs).balance()).isEqualByComparingTo("50.00");
    }

    @Test
    void postsWithoutTheSessionsCsrfTokenAreRefusedAndChangeNothing() {
        WebClient browser = browser();
        register(browser);
        String number = openAccount(browser, "Main");
        Reply missing = browser.postForm("/accounts/" + number + "/deposit", Map.of("amount", "10"));
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.html().select("#message").text()).contains("reload the page");
        Reply forged = browser.postForm("/accounts/" + number + "/deposit", Map.of("_csrf", "forged", "amount", "10"));
        assertThat(forged.status()).isEqualTo(403);
        // another session's token is no good either
        WebClient other = browser();
        String otherToken = other.get("/login").html().select("input[name=_csrf]").val();
        assertThat(browser.postForm("/accounts/" + number + "/deposit", Map.of("_csrf", otherToken, "amount", "10")).status())
                .isEqualTo(403);
        assertThat(browser.postForm("/logout", Map.of()).status()).isEqualTo(403);
        assertThat(browser().postForm("/login", Map.of("username", "x", "password", "y")).status()).isEqualTo(403);
        assertThat(account(number).balance()).isEqualByComparingTo("0");
    }

    @Test
    void sessionCookieIsHttpOnlyLaxAndSecureBehindHttps() {
        Reply plain = browser().get("/login");
        assertThat(plain.header("Set-Cookie")).startsWith("fp_session=").contains("HttpOnly", "SameSite=Lax")
                .doesNotContain("Secure");
        Reply https = browser().get("/login", "X-Forwarded-Proto", "https");
        assertThat(https.header("Set-Cookie")).contains("HttpOnly", "SameSite=Lax", "Secure");
        assertThat(plain.header("Content-Security-Policy")).contains("default-src 'self'");
    }

    @Test
    void loginLogoutAndSessionRotation() {
        WebClient browser = browser();
        String username = register(browser);
        String before = browser.get("/accounts").html().select("input[name=_csrf]").val();
        Reply logout = browser.submit("/accounts", "form.inline", Map.of());
        assertThat(logout.path()).isEqualTo("/login");
        assertThat(browser.get("/accounts").path()).as("logged out").isEqualTo("/login");
        Reply wrong = browser.submit("/login", "#login-form", Map.of("username", username, "password", "nope nope 1"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.html().select("#error").text()).isEqualTo("wrong username or password");
        assertThat(wrong.html().select("input[name=username]").val()).isEqualTo(username);
        assertThat(wrong.html().select("input[name=password]").val()).isEmpty();
        Reply login = browser.submit("/login", "#login-form", Map.of("username", username, "password", PASSWORD));
        assertThat(login.path()).isEqualTo("/accounts");
        assertThat(login.html().select("input[name=_csrf]").val()).isNotEqualTo(before);
    }

    @Test
    void loginIsThrottledWith429AndRetryAfter() {
        WebClient browser = browser();
        String username = register(browser);
        browser.submit("/accounts", "form.inline", Map.of());
        for (int i = 0; i < 5; i++) {
            assertThat(browser.submit("/login", "#login-form", Map.of("username", username, "password", "guess" + i)).status())
                    .isEqualTo(401);
        }
        Reply throttled = browser.submit("/login", "#login-form", Map.of("username", username, "password", PASSWORD));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).matches("\\d+");
        assertThat(throttled.html().select("#error").text()).contains("Too many failed logins");
    }

    @Test
    void registrationErrorsKeepInputButNeverPasswords() {
        WebClient browser = browser();
        String taken = register(browser);
        Map<String, String> form = new LinkedHashMap<>(Map.of("firstName", "Ken", "lastName", "Thompson",
                "username", taken, "password", PASSWORD, "passwordRepeat", PASSWORD));
        Reply duplicate = browser().submit("/register", "#register-form", form);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.html().select("#error").text()).contains("already taken");
        assertThat(duplicate.html().select("input[name=firstName]").val()).isEqualTo("Ken");
        assertThat(duplicate.html().select("input[name=password]").val()).isEmpty();
        form.put("username", "weak-web");
        form.put("password", "short");
        form.put("passwordRepeat", "short");
        Reply weak = browser().submit("/register", "#register-form", form);
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.html().select("#error").text()).contains("at least 10 characters");
        form.put("username", "x".repeat(40));
        assertThat(browser().submit("/register", "#register-form", form).html().select("#error").text())
                .contains("username must be at most 32 characters");
        User none = server.checks().dao().userByName("weak-web").orElse(null);
        assertThat(none).isNull();
    }

    @Test
    void sqlAndScriptPayloadsAreStoredAndRenderedEscaped() {
        WebClient browser = browser();
        register(browser);
        String script = "<script>alert('pwned')</script>";
        String sql = "x'); DROP TABLE accounts; --";
        String number = openAccount(browser, script);
        browser.submit("/accounts/" + number, "#deposit-form", Map.of("amount", "1", "description", sql));
        Reply page = browser.get("/accounts/" + number);
        assertThat(page.body()).doesNotContain(script).contains("&lt;script&gt;alert(");
        assertThat(page.html().select("script")).isEmpty();
        assertThat(page.html().select("h1").text()).isEqualTo(script);
        assertThat(page.html().select("#history tbody tr").text()).contains(sql);
        assertThat(server.checks().count("accounts")).isPositive();
    }

    @Test
    void pagesNeedALoginAndUnknownPagesAre404() {
        assertThat(browser().get("/accounts").path()).isEqualTo("/login");
        assertThat(browser().get("/transfer").path()).isEqualTo("/login");
        assertThat(browser().get("/").path()).isEqualTo("/login");
        Reply missing = browser().get("/no-such-page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("text/html");
        assertThat(browser().get("/static/app.css").status()).isEqualTo(200);
    }
}
