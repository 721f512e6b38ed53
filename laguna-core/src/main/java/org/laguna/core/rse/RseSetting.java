package org.laguna.core.rse;

import java.util.Objects;

/** One value of an RSE's fixed fields, for adding or updating an RSE. */
public sealed interface RseSetting {
    RseField field();

    /** The value as the column stores it. */
    Object columnValue();

    /** A boolean field (deterministic, volatile, staging_area, availability_*). */
    record Flag(RseField field, boolean value) implements RseSetting {
        public Flag {
            require(field, RseField.Kind.BOOLEAN);
        }

        public Object columnValue() {
            return value;
        }
    }

    /** A text field (city, ..., qos_class); null clears it. */
    record Text(RseField field, String value) implements RseSetting {
        public Text {
            require(field, RseField.Kind.TEXT);
        }

        public Object columnValue() {
            return value;
        }
    }

    /** A number field (longitude, latitude); null clears it. */
    record Number(RseField field, Double value) implements RseSetting {
        public Number {
            require(field, RseField.Kind.NUMBER);
        }

        public Object columnValue() {
            return value;
        }
    }

    /** The RSE type, DISK or TAPE. */
    record Type(String type) implements RseSetting {
        public Type {
            if (!"DISK".equals(type) && !"TAPE".equals(type)) {
                throw new IllegalArgumentException("rse_type must be DISK or TAPE, got " + type);
            }
        }

        public RseField field() {
            return RseField.RSE_TYPE;
        }

        public Object columnValue() {
            return type;
        }
    }

    private static void require(RseField field, RseField.Kind kind) {
        if (Objects.requireNonNull(field, "field is null").kind() != kind) {
            throw new IllegalArgumentException(field.key() + " is not a " + kind + " field");
        }
    }
}
