package io.finpipe.bank.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.jdbc.JdbcConnection;
import io.finpipe.bank.testing.TestDatabases;
import java.sql.SQLException;
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
}
