package org.laguna.core.db;

import java.sql.SQLException;
import java.util.Objects;
import org.postgresql.util.PGobject;

/** A JSON text bound as a PostgreSQL {@code jsonb} parameter. */
public record Json(String text) {
    public Json {
        Objects.requireNonNull(text, "text is null");
    }

    PGobject pgObject() throws SQLException {
        PGobject object = new PGobject();
        object.setType("jsonb");
        object.setValue(text);
        return object;
    }
}
