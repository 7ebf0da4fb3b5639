package io.finpipe.bank.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.jdbc.JdbcConnection;
import io.finpipe.bank.testing.TestDatabases;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MySQL driver settings Database sets for jdbc:mysql URLs, read back from a real connection. */
class DatabaseMariaDbTest {

    @Test
    void mysqlConnectionsCacheStatementsAndTrackSessionStateLocally() throws SQLException {
        try (Database database = new Database(TestDatabases.mariaDb())) {
            PropertySet settings = database.jdbi().withHandle(h -> h.getConnection().unwrap(JdbcConnection.class).getPropertySet());
            for (PropertyKey on : new PropertyKey[] {PropertyKey.cachePrepStmts, PropertyKey.useServerPrepStmts,
                    PropertyKey.useLocalSessionState, PropertyKey.rewriteBatchedStatements, PropertyKey.cacheResultSetMetadata,
                    PropertyKey.cacheServerConfiguration, PropertyKey.elideSetAutoCommits}) {
                assertThat(settings.getBooleanProperty(on).getValue()).as(on.getKeyName()).isTrue();
            }
            assertThat(settings.getBooleanProperty(PropertyKey.maintainTimeStats).getValue()).as("maintainTimeStats").isFalse();
            assertThat(settings.getIntegerProperty(PropertyKey.prepStmtCacheSize).getValue()).isEqualTo(250);
            assertThat(settings.getIntegerProperty(PropertyKey.prepStmtCacheSqlLimit).getValue()).isEqualTo(2048);
        }
    }

    @Test
    void thePurgesDeleteThroughTheirIndexes() {
        try (Database database = new Database(TestDatabases.mariaDb())) {
            database.migrate();
            database.jdbi().useHandle(h -> {
                for (int i = 0; i < 200; i++) {
                    h.execute("INSERT INTO web_sessions (id_hash, user_id, csrf_token, expires_at) VALUES (?, NULL, 'c', "
                            + "TIMESTAMP '2030-01-01 00:00:00' + INTERVAL ? MINUTE)", String.format("%064d", i), i);
                    h.execute("INSERT INTO login_failures (username, failed_at) VALUES ('u', "
                            + "TIMESTAMP '2030-01-01 00:00:00' + INTERVAL ? MINUTE)", i);
                }
                h.execute("ANALYZE TABLE web_sessions, login_failures");
                // the purges' statements (BankDao.deleteExpiredSessions, deleteLoginFailuresBefore)
                Map<String, String> purges = Map.of(
                        "DELETE FROM web_sessions WHERE expires_at < TIMESTAMP '2030-01-01 00:05:00' LIMIT 1000",
                        "ix_web_sessions_expires",
                        "DELETE FROM login_failures WHERE failed_at < TIMESTAMP '2030-01-01 00:05:00' LIMIT 1000",
                        "ix_login_failures_failed_at");
                purges.forEach((sql, index) -> assertThat(h.createQuery("EXPLAIN " + sql).mapToMap().one())
                        .as(sql).containsEntry("key", index).containsEntry("type", "range"));
            });
        }
    }
}
