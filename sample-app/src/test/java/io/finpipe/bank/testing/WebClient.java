package io.finpipe.bank.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** A cookie-keeping HTTP client for the UI (forms) and the API (JSON), following redirects like a browser unless told not to. */
public final class WebClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String baseUrl;
    private final HttpClient http;

    public WebClient(String baseUrl) {
        this(baseUrl, HttpClient.Redirect.NORMAL);
    }

    /** With Redirect.NEVER, to look at a redirect itself. */
    public WebClient(String baseUrl, HttpClient.Redirect redirects) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(redirects).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public record Reply(int status, String body, HttpResponse<String> raw) {
        public Document html() {
            return Jsoup.parse(body);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String path() {
            return raw.uri().getPath();
        }
    }

    public Reply get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    /** Posts a form; fields in order. */
    public Reply postForm(String path, Map<String, String> fields, String... headers) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** GETs the page holding formSelector, fills its hidden fields (the CSRF token) plus fields, submits it. */
    public Reply submit(String pagePath, String formSelector, Map<String, String> fields) {
        Document page = get(pagePath).html();
        var form = page.selectFirst(formSelector);
        if (form == null) {
            throw new AssertionError("no form " + formSelector + " on " + pagePath + ":\n" + page);
        }
        Map<String, String> all = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(i -> all.put(i.attr("name"), i.attr("value")));
        all.putAll(fields);
        return postForm(form.attr("action"), all);
    }

    public Reply postJson(String path, Object body, String... headers) {
        try {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(request(path, headers).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(text)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Reply delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    /** Any method, without a body: e.g. made-up ones. */
    public Reply send(String method, String path, String... headers) {
        return send(request(path, headers).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
