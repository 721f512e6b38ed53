package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Option;

/**
 * The {@code attribute list}, {@code add} (or {@code set}) and {@code delete} commands of the object types that have
 * attributes (accounts, RSEs). Each type's commands declare the object's name as their parameter and hand it, with the
 * type's {@link Kind}, to these.
 */
final class AttributeCommands {
    private AttributeCommands() {
    }

    /** Writes an attribute of an object through the client. */
    @FunctionalInterface
    interface Writer {
        void write(LagunaClient client, String object, String key, Object value);
    }

    /** Deletes an attribute of an object through the client. */
    @FunctionalInterface
    interface Deleter {
        void delete(LagunaClient client, String object, String key);
    }

    /**
     * One object type with attributes.
     *
     * @param name how a JSON outcome names the object ({@code account}, {@code rse})
     * @param written the result of writing an attribute ({@code added}, {@code set}) as a JSON outcome says it
     * @param value the value to store for the text given on the command line
     * @param sentence the sentence for people after writing: object, key, value
     */
    record Kind(String name, BiFunction<LagunaClient, String, JsonNode> list, Writer write, Deleter delete, String written,
                UnaryOperator<Object> value, Sentence sentence) {
    }

    /** The sentence said after an attribute was written. */
    @FunctionalInterface
    interface Sentence {
        String of(String object, String key, Object value);
    }

    /** {@code attribute list OBJECT}. */
    abstract static class ListAttributes extends ClientCommand {
        private final Kind kind;

        ListAttributes(Kind kind) {
            this.kind = kind;
        }

        /** The object named on the command line. */
        abstract String object();

        @Override
        protected final void run(LagunaClient client, Output out) {
            out.object(kind.list().apply(client, object()));
        }
    }

    /** {@code attribute add|set OBJECT --key KEY --value VALUE}. */
    abstract static class WriteAttribute extends ClientCommand {
        @Option(names = "--key", required = true)
        String key;

        @Option(names = "--value", required = true)
        String value;

        private final Kind kind;

        WriteAttribute(Kind kind) {
            this.kind = kind;
        }

        /** The object named on the command line. */
        abstract String object();

        @Override
        protected final void run(LagunaClient client, Output out) {
            Object stored = kind.value().apply(value);
            kind.write().write(client, object(), key, stored);
            out.done(kind.sentence().of(object(), key, stored), kind.written(), kind.name(), object(), "key", key, "value", stored);
        }
    }

    /** {@code attribute delete OBJECT --key KEY}. */
    abstract static class DeleteAttribute extends ClientCommand {
        @Option(names = "--key", required = true)
        String key;

        private final Kind kind;

        DeleteAttribute(Kind kind) {
            this.kind = kind;
        }

        /** The object named on the command line. */
        abstract String object();

        @Override
        protected final void run(LagunaClient client, Output out) {
            kind.delete().delete(client, object(), key);
            out.done("Deleted attribute " + key + " of " + object(), "deleted", kind.name(), object(), "key", key);
        }
    }
}
