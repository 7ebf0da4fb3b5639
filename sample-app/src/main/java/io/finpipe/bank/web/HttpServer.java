package io.finpipe.bank.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finpipe.bank.db.SqlErrors;
import io.finpipe.bank.service.BankException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;
import spark.embeddedserver.EmbeddedServers;
import spark.embeddedserver.jetty.EmbeddedJettyFactory;

/**
 * The Spark server: request ids, access log, metrics, readiness gate, error rendering (JSON under
 * /api, HTML elsewhere), the ops endpoints, and the API and web routes.
 */
public final class HttpServer {

    static final String ROUTE = "route";
    private static final Logger ACCESS = LoggerFactory.getLogger("io.finpipe.bank.access");
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:=-]{1,100}");
    private static final String STARTED = "startedNanos";

    private final Service http;
    private final GracefulJetty jetty = new GracefulJetty();
    private final Metrics metrics;
    private final BooleanSupplier serving;
    private final BooleanSupplier ready;
    private final Views views = new Views();
    private final ObjectMapper json;
    private final List<RoutePattern> routes = new CopyOnWriteArrayList<>();

    /**
     * serving: cheap flag checked on every request (migrated, not stopping); ready: the full readiness
     * check behind /health/ready, which also asks the database.
     */
    public HttpServer(int port, int maxThreads, Services services, Metrics metrics, BooleanSupplier serving,
                      BooleanSupplier ready) {
        this.metrics = metrics;
        this.json = services.json();
        this.serving = serving;
        this.ready = ready;
        // A factory per server (not Spark's global default) so several servers can live in one JVM.
        Object serverId = "bank-" + UUID.randomUUID();
        EmbeddedServers.add(serverId, new EmbeddedJettyFactory(jetty));
        http = Service.ignite().port(port).threadPool(maxThreads, Math.min(8, maxThreads), 60_000);
        http.embeddedServerIdentifier(serverId);
        http.initExceptionHandler(e -> {
            // e.g. the port is taken: nothing can be served, so end the process as Spark would
            LOG.error("cannot start HTTP on port {}: {}", port, e.toString());
            System.exit(1);
        });

        http.before(this::beginRequest);
        http.afterAfter(this::endRequest);
        http.exception(BankException.class, this::renderError);
        http.exception(Exception.class, (e, req, res) -> {
            if (SqlErrors.isConnectionFailure(e)) {
                // one line, not a stack trace per request while the database is away
                LOG.warn("database unavailable: {}", e.toString());
                renderError(BankException.databaseUnavailable(), req, res);
            } else {
                LOG.error("request failed", e);
                renderError(new InternalError(), req, res);
            }
        });
        http.notFound((req, res) -> {
            renderError(BankException.notFound(null, "no such page: " + req.requestMethod() + " " + req.pathInfo()), req, res);
            return res.body();
        });

        get("/health", (req, res) -> json(res, Map.of("status", "UP")));
        get("/health/ready", (req, res) -> {
            boolean up = ready.getAsBoolean();
            res.status(up ? 200 : 503);
            return json(res, Map.of("status", up ? "UP" : "DOWN"));
        });
        get("/metrics", (req, res) -> {
            res.type(Metrics.CONTENT_TYPE);
            metrics.write(res.raw().getOutputStream());
            return "";
        });
        // The one stylesheet, from memory: Spark's staticFiles probes the classpath (every jar) on each request.
        byte[] css = resource("/public/static/app.css");
        get("/static/app.css", (req, res) -> {
            res.type("text/css;charset=utf-8");
            res.header("Cache-Control", "public, max-age=3600");
            return css;
        });
        new ApiRoutes(this, services).register();
        new WebRoutes(this, services, views).register();
    }

    public void start() {
        http.init();
        http.awaitInitialization();
    }

    public int port() {
        return http.port();
    }

    /** Stops accepting, lets in-flight requests finish within grace, then stops the server. */
    public void stop(Duration grace) {
        jetty.drain(grace);
        http.stop();
        http.awaitStop();
    }

    /** Jetty's worker thread limit (HTTP_THREADS), once started. */
    public int maxThreads() {
        return jetty.maxThreads();
    }

    /** For tests: routes may be added while running. */
    public Service spark() {
        return http;
    }

    // --- route registration: every route records its pattern, the metrics and log label

    void get(String path, Route route) {
        register("GET", path);
        http.get(path, route);
    }

    void post(String path, Route route) {
        register("POST", path);
        http.post(path, route);
    }

    void delete(String path, Route route) {
        register("DELETE", path);
        http.delete(path, route);
    }

    void before(String path, spark.Filter filter) {
        http.before(path, filter);
    }

    private void register(String method, String path) {
        routes.add(new RoutePattern(method, path, path.split("/", -1)));
    }

    /** A route's method and its path's segments, ":name" matching any one segment; Spark answers HEAD with GET routes. */
    private record RoutePattern(String method, String path, String[] segments) {
        boolean matches(String requestMethod, String[] path) {
            boolean sameMethod = method.equals(requestMethod) || method.equals("GET") && requestMethod.equals("HEAD");
            if (!sameMethod || path.length != segments.length) {
                return false;
            }
            for (int i = 0; i < path.length; i++) {
                if (!segments[i].startsWith(":") && !segments[i].equals(path[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The pattern of the route this request will reach, known before any filter runs (and may fail). */
    private String routeOf(Request req) {
        String[] path = req.pathInfo().split("/", -1);
        for (RoutePattern route : routes) {
            if (route.matches(req.requestMethod(), path)) {
                return route.path();
            }
        }
        return null;
    }

    String json(Response res, Object body) throws IOException {
        res.type("application/json");
        return json.writeValueAsString(body);
    }

    private void beginRequest(Request req, Response res) {
        req.attribute(STARTED, System.nanoTime());
        req.attribute(ROUTE, routeOf(req));
        String incoming = req.headers("X-Request-Id");
        String requestId = incoming != null && REQUEST_ID.matcher(incoming).matches() ? incoming : newRequestId();
        MDC.put("requestId", requestId);
        res.header("X-Request-Id", requestId);
        res.header("X-Content-Type-Options", "nosniff");
        if (!isApi(req)) {
            res.header("Content-Security-Policy", "default-src 'self'; form-action 'self'; frame-ancestors 'none'");
            res.header("Referrer-Policy", "same-origin");
        }
        String path = req.pathInfo();
        if (!path.startsWith("/health") && !path.equals("/metrics") && !path.startsWith("/static/") && !serving.getAsBoolean()) {
            res.header("Retry-After", "5");
            // set before halt: Spark would otherwise label the body text/html
            boolean api = isApi(req);
            res.type(api ? "application/json" : "text/plain;charset=utf-8");
            http.halt(503, api ? "{\"error\":\"not_ready\",\"message\":\"starting: the database is not ready yet\"}"
                    : "Starting: the database is not ready yet. Try again in a few seconds.");
        }
    }

    /** Random UUID-shaped id; not a secret, so no SecureRandom (its lock is contended under load). */
    private static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private void endRequest(Request req, Response res) {
        Long started = req.attribute(STARTED);
        long nanos = started == null ? 0 : System.nanoTime() - started;
        String route = req.attribute(ROUTE);
        if (route == null) {
            route = "unmatched";
        }
        int status = res.raw().getStatus();
        String method = Metrics.methodLabel(req.requestMethod());
        metrics.request(method, route, status, nanos);
        if (!route.startsWith("/health") && !route.equals("/metrics")) {
            ACCESS.info("{} {} {} {}ms", method, route, status, nanos / 1_000_000);
        }
        MDC.remove("requestId");
    }

    private void renderError(Exception error, Request req, Response res) {
        BankException bank = error instanceof BankException b ? b : null;
        int status = bank == null ? 500 : bank.status();
        res.status(status);
        if (bank != null && bank.retryAfterSeconds() > 0) {
            res.header("Retry-After", Long.toString(bank.retryAfterSeconds()));
        }
        String code = bank == null ? "internal_error" : bank.code();
        String message = bank == null ? "something went wrong on our side; request id " + MDC.get("requestId") : bank.getMessage();
        try {
            if (isApi(req)) {
                Map<String, Object> body = new java.util.LinkedHashMap<>();
                body.put("error", code);
                body.put("message", message);
                if (bank != null && bank.field() != null) {
                    body.put("field", bank.field());
                }
                res.body(json(res, body));
            } else {
                res.type("text/html;charset=utf-8");
                res.body(views.render("error", Map.of("status", status, "message", message, "title", "Error " + status)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isApi(Request req) {
        return req.pathInfo().startsWith("/api/");
    }

    static byte[] resource(String name) {
        try (InputStream in = HttpServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Marker for unexpected failures: rendered as 500 with the request id, details only in the log. */
    private static final class InternalError extends Exception {
    }
}
