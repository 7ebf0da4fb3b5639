package io.finpipe.bank.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

public final class SqlErrors {

    private SqlErrors() {
    }

    /** A unique-key violation (SQLState class 23 on H2 and MySQL), anywhere in the cause chain. */
    public static boolean isUniqueViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database cannot be reached, anywhere in the cause chain: no connection within the pool's timeout
     * (HikariCP's SQLTransientConnectionException), a connection refused or broken (SQLState class 08; H2's
     * SQLNonTransientConnectionException). Not failures of a statement the database did run.
     */
    public static boolean isConnectionFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
