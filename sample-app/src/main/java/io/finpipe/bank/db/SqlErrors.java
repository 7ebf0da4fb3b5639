package io.finpipe.bank.db;

import java.sql.SQLException;

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
}
