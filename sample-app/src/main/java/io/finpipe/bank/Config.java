package io.finpipe.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the service reads from its environment, validated once at start. No DB settings means an
 * embedded H2 file database under DATA_DIR (default ./data); DB_URL wins for explicit JDBC; DB_SECRET is the JSON ECS
 * injects from the RDS-managed Secrets Manager secret. Error messages name the variable, never a value.
 */
public record Config(int port, String jdbcUrl, String dbUser, String dbPassword, int dbPoolSize,
                     Duration shutdownGrace, int httpThreads) {

    /**
     * Jetty's worker threads unless HTTP_THREADS says otherwise: Spark's default. Benchmarked against 16 on
     * 2 cores (32 connections), back to back, twice: no difference beyond the noise of a shared machine
     * for the accounts page, somewhat less system time per transfer with 16; with few workers, /health
     * would also queue behind requests stuck on a slow database.
     */
    public static final int DEFAULT_HTTP_THREADS = 200;

    /** The JDBC drivers the service ships (MySQL Connector/J, which also serves MariaDB, and H2). */
    private static final List<String> DB_URL_PREFIXES = List.of("jdbc:mysql:", "jdbc:h2:");

    // DB_HOST and DB_NAME go into a JDBC URL: nothing that could smuggle in URL parameters.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private static final Logger LOG = LoggerFactory.getLogger(Config.class);
    static final Path DEFAULT_DATA_DIR = Path.of("./data");
    /** Where H2 goes when DATA_DIR is unset and ./data is read-only, e.g. in the image (uid 65532, /app). */
    static final Path FALLBACK_DATA_DIR = Path.of(System.getProperty("java.io.tmpdir"), "finpipe-data");

    public static Config fromEnv(Map<String, String> env) {
        return fromEnv(env, DEFAULT_DATA_DIR, FALLBACK_DATA_DIR);
    }

    static Config fromEnv(Map<String, String> env, Path defaultDataDir, Path fallbackDataDir) {
        int port = intVar(env, "PORT", 8080, 0, 65535);
        int poolSize = intVar(env, "DB_POOL_SIZE", 10, 1, 200);
        Duration grace = Duration.ofSeconds(intVar(env, "SHUTDOWN_GRACE_SECONDS", 20, 0, 3600));
        int httpThreads = intVar(env, "HTTP_THREADS", DEFAULT_HTTP_THREADS, 8, 1000);
        String url = value(env, "DB_URL");
        String secret = value(env, "DB_SECRET");
        if (url != null && secret != null) {
            throw new ConfigException("set either DB_URL (with DB_USER/DB_PASSWORD) or DB_SECRET (with DB_HOST/DB_NAME), not both");
        }
        if (url != null) {
            if (DB_URL_PREFIXES.stream().noneMatch(url::startsWith)) {
                throw new ConfigException("DB_URL must start with " + String.join(" or ", DB_URL_PREFIXES)
                        + " (e.g. jdbc:mysql://host:3306/bank): the service has JDBC drivers for MySQL and H2 only");
            }
            return new Config(port, url, value(env, "DB_USER"), value(env, "DB_PASSWORD"), poolSize, grace, httpThreads);
        }
        if (secret != null) {
            String host = matching(required(env, "DB_HOST", "DB_SECRET is set"), HOST, "DB_HOST", "a host name like db.example.com");
            String name = matching(required(env, "DB_NAME", "DB_SECRET is set"), NAME, "DB_NAME", "letters, digits and _");
            int dbPort = intVar(env, "DB_PORT", 3306, 1, 65535);
            JsonNode credentials = parseSecret(secret);
            return new Config(port, "jdbc:mysql://" + host + ":" + dbPort + "/" + name + "?sslMode=PREFERRED",
                    credentials.get("username").asText(), credentials.get("password").asText(), poolSize, grace, httpThreads);
        }
        for (String orphan : new String[] {"DB_USER", "DB_PASSWORD", "DB_HOST", "DB_NAME"}) {
            if (value(env, orphan) != null) {
                throw new ConfigException(orphan + " is set but neither DB_URL nor DB_SECRET is: set one of them, or unset "
                        + orphan + " to use the embedded H2 database");
            }
        }
        return new Config(port, h2Url(dataDir(env, defaultDataDir, fallbackDataDir)), "sa", "", poolSize, grace, httpThreads);
    }

    /**
     * DB_CLOSE_ON_EXIT=FALSE: H2's own JVM shutdown hook would close the database under requests still
     * draining after SIGTERM; BankApp.close() closes the pool, and with it the database, once they are done.
     */
    static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("bank") + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
    }

    /**
     * DATA_DIR when set (it must be writable); else ./data, or the fallback when ./data cannot be written.
     * Without this check H2 only fails later, in the background migration, with "Error while creating
     * file" retried every 2 s, and /health/ready stays 503.
     */
    private static Path dataDir(Map<String, String> env, Path defaultDir, Path fallbackDir) {
        String configured = value(env, "DATA_DIR");
        if (configured != null) {
            if (configured.contains(";")) {
                throw new ConfigException("DATA_DIR must not contain ';': H2 would read what follows as database settings");
            }
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            String problem = unwritable(dir);
            if (problem != null) {
                throw new ConfigException("DATA_DIR " + dir + " is not a writable directory (" + problem
                        + "): create it writable for this user, or point DATA_DIR at one that is");
            }
            return dir;
        }
        String problem = unwritable(defaultDir);
        if (problem == null) {
            return defaultDir;
        }
        Path fallback = fallbackDir.toAbsolutePath().normalize();
        String fallbackProblem = unwritable(fallback);
        if (fallbackProblem != null) {
            throw new ConfigException("neither " + defaultDir.toAbsolutePath().normalize() + " (" + problem + ") nor "
                    + fallback + " (" + fallbackProblem + ") is a writable directory for the embedded H2 database: "
                    + "set DATA_DIR to one that is");
        }
        LOG.warn("{} is not writable ({}): the embedded H2 database goes to {}; set DATA_DIR to choose where",
                defaultDir.toAbsolutePath().normalize(), problem, fallback);
        return fallback;
    }

    /** Null when dir exists (or can be created) and a file can be written in it; else why not. */
    private static String unwritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ""));
            return null;
        } catch (IOException | SecurityException e) {
            return e instanceof AccessDeniedException ? "permission denied" : e.toString();
        }
    }

    public boolean embeddedH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    private static JsonNode parseSecret(String secret) {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(secret);
        } catch (JsonProcessingException e) {
            // the parser's message may quote the secret: leave it out
            throw new ConfigException("DB_SECRET is not valid JSON: expected {\"username\":\"...\",\"password\":\"...\"}");
        }
        for (String field : new String[] {"username", "password"}) {
            if (node == null || !node.hasNonNull(field) || !node.get(field).isTextual()) {
                throw new ConfigException("DB_SECRET lacks the text field \"" + field
                        + "\": expected {\"username\":\"...\",\"password\":\"...\"}");
            }
        }
        return node;
    }

    private static String matching(String value, Pattern pattern, String name, String expected) {
        if (!pattern.matcher(value).matches()) {
            throw new ConfigException(name + " must be " + expected + ", got '" + value + "'");
        }
        return value;
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String required(Map<String, String> env, String name, String because) {
        String v = value(env, name);
        if (v == null) {
            throw new ConfigException(name + " is required when " + because);
        }
        return v;
    }

    private static int intVar(Map<String, String> env, String name, int fallback, int min, int max) {
        String v = value(env, name);
        if (v == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(v);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the accepted range
        }
        throw new ConfigException(name + " must be a whole number from " + min + " to " + max + ", got '" + v + "'");
    }

    /** A start-up configuration error: the message says which variable and how to fix it. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
