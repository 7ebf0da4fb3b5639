package io.finpipe.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything the service reads from its environment, validated once at start. No DB settings means an
 * embedded H2 file database under ./data; DB_URL wins for explicit JDBC; DB_SECRET is the JSON ECS
 * injects from the RDS-managed Secrets Manager secret. Error messages name the variable, never a value.
 */
public record Config(int port, String jdbcUrl, String dbUser, String dbPassword, int dbPoolSize,
                     Duration shutdownGrace) {

    // DB_HOST and DB_NAME go into a JDBC URL: nothing that could smuggle in URL parameters.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    static final String DEFAULT_H2_URL = "jdbc:h2:file:./data/bank;LOCK_TIMEOUT=10000";

    public static Config fromEnv(Map<String, String> env) {
        int port = intVar(env, "PORT", 8080, 0, 65535);
        int poolSize = intVar(env, "DB_POOL_SIZE", 10, 1, 200);
        Duration grace = Duration.ofSeconds(intVar(env, "SHUTDOWN_GRACE_SECONDS", 20, 0, 3600));
        String url = value(env, "DB_URL");
        String secret = value(env, "DB_SECRET");
        if (url != null && secret != null) {
            throw new ConfigException("set either DB_URL (with DB_USER/DB_PASSWORD) or DB_SECRET (with DB_HOST/DB_NAME), not both");
        }
        if (url != null) {
            if (!url.startsWith("jdbc:")) {
                throw new ConfigException("DB_URL must be a JDBC URL starting with jdbc: (e.g. jdbc:mysql://host:3306/bank)");
            }
            return new Config(port, url, value(env, "DB_USER"), value(env, "DB_PASSWORD"), poolSize, grace);
        }
        if (secret != null) {
            String host = matching(required(env, "DB_HOST", "DB_SECRET is set"), HOST, "DB_HOST", "a host name like db.example.com");
            String name = matching(required(env, "DB_NAME", "DB_SECRET is set"), NAME, "DB_NAME", "letters, digits and _");
            int dbPort = intVar(env, "DB_PORT", 3306, 1, 65535);
            JsonNode credentials = parseSecret(secret);
            return new Config(port, "jdbc:mysql://" + host + ":" + dbPort + "/" + name + "?sslMode=PREFERRED",
                    credentials.get("username").asText(), credentials.get("password").asText(), poolSize, grace);
        }
        for (String orphan : new String[] {"DB_USER", "DB_PASSWORD", "DB_HOST", "DB_NAME"}) {
            if (value(env, orphan) != null) {
                throw new ConfigException(orphan + " is set but neither DB_URL nor DB_SECRET is: set one of them, or unset "
                        + orphan + " to use the embedded H2 database");
            }
        }
        return new Config(port, DEFAULT_H2_URL, "sa", "", poolSize, grace);
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
