package io.finpipe.bank.testing;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Records the SQL statements JDBI runs (each one round trip to the database; commits and autocommit
 * switches are not statements here) while an action runs: a guard against pages and transfers
 * quietly growing extra queries.
 */
public final class SqlStatements {

    private SqlStatements() {
    }

    /** The statements, in order, that jdbi ran while action ran (from any thread). */
    public static List<String> during(Jdbi jdbi, Runnable action) {
        List<String> statements = new ArrayList<>();
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                record(context);
            }

            @Override
            public void logException(StatementContext context, java.sql.SQLException ex) {
                record(context);
            }

            private void record(StatementContext context) {
                synchronized (statements) {
                    statements.add(context.getRenderedSql());
                }
            }
        });
        try {
            action.run();
        } finally {
            jdbi.setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
        }
        synchronized (statements) {
            return List.copyOf(statements);
        }
    }
}
