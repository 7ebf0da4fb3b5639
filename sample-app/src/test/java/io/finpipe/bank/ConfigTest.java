package io.finpipe.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @Test
    void noDatabaseSettingsMeanEmbeddedH2UnderData() {
        Config config = Config.fromEnv(Map.of());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.jdbcUrl()).startsWith("jdbc:h2:file:./data/");
        assertThat(config.embeddedH2()).isTrue();
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.dbPoolSize()).isEqualTo(10);
        assertThat(config.httpThreads()).isEqualTo(200);
    }

    @Test
    void dataDirPlacesTheEmbeddedDatabase(@TempDir Path temp) {
        Path dir = temp.resolve("h2 data");
        Config config = Config.fromEnv(Map.of("DATA_DIR", dir.toString()));
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:h2:file:" + dir + "/bank;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(dir).isDirectory().isEmptyDirectory();
    }

    @Test
    void anUnwritableDataDirStopsTheStartNamingIt(@TempDir Path temp) throws IOException {
        Path file = Files.createFile(temp.resolve("not-a-dir"));
        assertError(Map.of("DATA_DIR", file.resolve("data").toString()),
                "DATA_DIR " + file.resolve("data") + " is not a writable directory (");
        assertError(Map.of("DATA_DIR", temp.resolve("x;INIT=RUNSCRIPT FROM 'evil.sql'").toString()),
                "DATA_DIR must not contain ';': H2 would read what follows as database settings");
    }

    @Test
    void withoutDataDirAReadOnlyDefaultFallsBackToTheTemporaryDirectory(@TempDir Path temp) throws IOException {
        // as in the image: uid 65532 cannot write /app/data (a path under a file fails even for root)
        Path readOnly = Files.createFile(temp.resolve("app")).resolve("data");
        Path fallback = temp.resolve("finpipe-data");
        assertThat(Config.fromEnv(Map.of(), readOnly, fallback).jdbcUrl()).isEqualTo(Config.h2Url(fallback));
        assertThat(fallback).isDirectory();
        assertThatThrownBy(() -> Config.fromEnv(Map.of(), readOnly, readOnly.resolve("tmp")))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageStartingWith("neither " + readOnly + " (")
                .hasMessageEndingWith("is a writable directory for the embedded H2 database: set DATA_DIR to one that is");
    }

    @Test
    void explicitJdbcSettings() {
        Config config = Config.fromEnv(Map.of("PORT", "9000", "DB_URL", "jdbc:mysql://db:3306/bank", "DB_USER", "bank",
                "DB_PASSWORD", "pw", "SHUTDOWN_GRACE_SECONDS", "5", "DB_POOL_SIZE", "4", "HTTP_THREADS", "24"));
        assertThat(config).isEqualTo(new Config(9000, "jdbc:mysql://db:3306/bank", "bank", "pw", 4, Duration.ofSeconds(5), 24));
        assertThat(config.embeddedH2()).isFalse();
    }

    @Test
    void everyAcceptedDbUrlPrefixHasItsDriverOnTheClasspath() throws SQLException {
        for (String url : new String[] {"jdbc:mysql://db:3306/bank", "jdbc:h2:mem:bank"}) {
            assertThat(Config.fromEnv(Map.of("DB_URL", url)).jdbcUrl()).isEqualTo(url);
            assertThat(DriverManager.getDriver(url)).as(url).isNotNull();
        }
    }

    @Test
    void rdsSecretFromEcs() {
        Config config = Config.fromEnv(Map.of("DB_SECRET", "{\"username\":\"admin\",\"password\":\"p@ss\"}",
                "DB_HOST", "bank.abc.eu-west-1.rds.amazonaws.com", "DB_NAME", "bank"));
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:mysql://bank.abc.eu-west-1.rds.amazonaws.com:3306/bank?sslMode=PREFERRED");
        assertThat(config.dbUser()).isEqualTo("admin");
        assertThat(config.dbPassword()).isEqualTo("p@ss");
        assertThat(Config.fromEnv(Map.of("DB_SECRET", "{\"username\":\"a\",\"password\":\"b\"}", "DB_HOST", "h",
                "DB_NAME", "n", "DB_PORT", "3307")).jdbcUrl()).startsWith("jdbc:mysql://h:3307/n");
    }

    @Test
    void errorsNameTheVariableAndNeverTheSecret() {
        assertError(Map.of("PORT", "http"), "PORT must be a whole number from 0 to 65535, got 'http'");
        assertError(Map.of("PORT", "70000"), "PORT must be a whole number from 0 to 65535");
        assertError(Map.of("SHUTDOWN_GRACE_SECONDS", "-1"), "SHUTDOWN_GRACE_SECONDS must be a whole number from 0 to 3600");
        assertError(Map.of("HTTP_THREADS", "4"), "HTTP_THREADS must be a whole number from 8 to 1000, got '4'");
        for (String url : new String[] {"mysql://x", "jdbc:foo://x", "jdbc:mysq://x/bank", "jdbc:mariadb://x/bank"}) {
            assertError(Map.of("DB_URL", url), "DB_URL must start with jdbc:mysql: or jdbc:h2: (e.g. jdbc:mysql://host:3306/bank)");
        }
        assertError(Map.of("DB_URL", "jdbc:mysql://x/y", "DB_SECRET", "{}"), "either DB_URL");
        assertError(Map.of("DB_SECRET", "{\"username\":\"a\",\"password\":\"b\"}", "DB_NAME", "n"),
                "DB_HOST is required when DB_SECRET is set");
        assertError(Map.of("DB_SECRET", "{\"username\":\"a\",\"password\":\"b\"}", "DB_HOST", "h"),
                "DB_NAME is required when DB_SECRET is set");
        assertError(Map.of("DB_SECRET", "{\"username\":\"a\",\"password\":\"b\"}", "DB_HOST", "h",
                "DB_NAME", "bank?allowLoadLocalInfile=true"), "DB_NAME must be letters, digits and _");
        assertError(Map.of("DB_SECRET", "{\"username\":\"a\",\"password\":\"b\"}", "DB_HOST", "h/x", "DB_NAME", "n"),
                "DB_HOST must be a host name");
        assertError(Map.of("DB_USER", "bank"), "DB_USER is set but neither DB_URL nor DB_SECRET is");
        String secret = "{\"username\":\"admin\",\"password\":\"hunter2-secret\"";
        assertThatThrownBy(() -> Config.fromEnv(Map.of("DB_SECRET", secret, "DB_HOST", "h", "DB_NAME", "n")))
                .hasMessageContaining("DB_SECRET is not valid JSON").hasMessageNotContaining("hunter2");
        assertError(Map.of("DB_SECRET", "{\"username\":\"admin\"}", "DB_HOST", "h", "DB_NAME", "n"),
                "DB_SECRET lacks the text field \"password\"");
    }

    private static void assertError(Map<String, String> env, String message) {
        assertThatThrownBy(() -> Config.fromEnv(env)).isInstanceOf(Config.ConfigException.class).hasMessageContaining(message);
    }
}
