package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** JSON in the CLI: JSON given on the command line or in a file read into plain Java values, and JSON documents built to print. */
final class CliJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CliJson() {
    }

    /** An option's value that must be a JSON object or list, as plain Java values; a usage error naming the option if it is not. */
    static Object objectOrList(CommandSpec spec, String option, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !(node.isObject() || node.isArray())) {
            throw new ParameterException(spec.commandLine(), option + " must be JSON (an object or a list), got: " + text);
        }
        return JSON.convertValue(node, Object.class);
    }

    /** An option's value that must be a JSON object; a usage error naming the option and what is wrong if it is not JSON. */
    static Map<String, Object> object(CommandSpec spec, String option, String text) {
        try {
            return object(text);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), option + " is not valid JSON: " + e.getMessage());
        }
    }

    /** A JSON object (one line of a manifest, for example) as a modifiable map, its keys in the order given. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String text) throws IOException {
        return new LinkedHashMap<>(JSON.readValue(text, Map.class));
    }

    /** A new, empty JSON object to fill and print. */
    static ObjectNode newObject() {
        return JSON.createObjectNode();
    }

    /** A value (maps, lists, numbers, strings) as a JSON document. */
    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }
}
