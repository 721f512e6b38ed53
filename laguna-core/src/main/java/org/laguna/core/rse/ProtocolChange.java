package org.laguna.core.rse;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** One change of a protocol update: a setting or the priority of one operation. */
public sealed interface ProtocolChange {
    /** The column of {@code rse_protocols} it changes. */
    String column();

    /** The value as the column stores it. */
    Object columnValue();

    /** The text settings of a protocol. */
    enum Setting { PREFIX, IMPL, HOSTNAME }

    /** The operations a protocol has a priority for, by column. */
    enum Operation {
        READ_LAN, WRITE_LAN, DELETE_LAN, READ_WAN, WRITE_WAN, DELETE_WAN, THIRD_PARTY_COPY_READ, THIRD_PARTY_COPY_WRITE;

        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Operation> ofColumn(String column) {
            return Arrays.stream(values()).filter(o -> o.column().equals(column)).findFirst();
        }
    }

    /** prefix, impl or hostname; null clears it. */
    record Text(Setting setting, String value) implements ProtocolChange {
        public String column() {
            return setting.name().toLowerCase(Locale.ROOT);
        }

        public Object columnValue() {
            return value;
        }
    }

    record Port(int port) implements ProtocolChange {
        public String column() {
            return "port";
        }

        public Object columnValue() {
            return port;
        }
    }

    /** An operation's priority: 0 (the best) and up, or null when the protocol does not do the operation. */
    record Priority(Operation operation, Integer priority) implements ProtocolChange {
        public String column() {
            return operation.column();
        }

        public Object columnValue() {
            return priority;
        }
    }
}
