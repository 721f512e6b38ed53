package org.laguna.core.db;

import java.sql.SQLException;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.postgresql.util.PSQLException;

/** Turns JDBC failures into Laguna errors by SQLSTATE, never by message text. */
public final class SqlErrors {
    /** SQLSTATE class 22: a value the database cannot take (out of range, bad syntax, NUL, bad encoding). */
    private static final String DATA_EXCEPTION = "22";

    private SqlErrors() {
    }

    public static LagunaException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith(DATA_EXCEPTION)) {
            return new LagunaException(ErrorCode.INVALID_OBJECT, "Invalid value: " + firstLine(e.getMessage()), e);
        }
        return switch (state) {
            case "23505" -> new LagunaException(ErrorCode.DUPLICATE, "Duplicate: " + constraint(e), e);
            case "23503" -> new LagunaException(ErrorCode.INVALID_OBJECT, "Reference to a missing object: " + constraint(e), e);
            case "23514", "23502", "22001", "22003", "22P02", "22007", "22008" ->
                    new LagunaException(ErrorCode.INVALID_OBJECT, "Invalid value: " + firstLine(e.getMessage()), e);
            case "40001", "40P01" -> new LagunaException(ErrorCode.SERVICE_UNAVAILABLE,
                    "Concurrent update conflict, retry the request", e);
            case "08001", "08003", "08006", "57P01", "57P03" ->
                    new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Database unavailable", e);
            default -> new LagunaException(ErrorCode.DATABASE_ERROR, "Database error (" + state + ")", e);
        };
    }

    /** True if the failure is a unique-constraint violation. */
    public static boolean isDuplicate(LagunaException e) {
        return e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
    }

    /** True if the transaction lost a deadlock (40P01) or a serialization conflict (40001): running it again succeeds. */
    public static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static String constraint(SQLException e) {
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            String detail = pe.getServerErrorMessage().getDetail();
            if (detail != null) {
                return detail;
            }
            String constraint = pe.getServerErrorMessage().getConstraint();
            if (constraint != null) {
                return constraint;
            }
        }
        return firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
