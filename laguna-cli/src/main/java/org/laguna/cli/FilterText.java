package org.laguna.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Turns the command line's filter text ({@code k=v,k2>3;k3!=x}) into Rucio's wire form: a list of
 * OR-ed groups, each a dictionary whose keys carry the operator ({@code k2.gt}).
 */
final class FilterText {
    private static final String[][] OPERATORS = {{">=", "gte"}, {"<=", "lte"}, {"!=", "ne"}, {">", "gt"}, {"<", "lt"}, {"=", null}};

    private FilterText() {
    }

    static List<Map<String, Object>> parse(CommandSpec spec, String text, String namePattern) {
        List<Map<String, Object>> groups = new ArrayList<>();
        String[] alternatives = text == null || text.isBlank() ? new String[] {""} : text.split(";");
        for (String alternative : alternatives) {
            Map<String, Object> group = new LinkedHashMap<>();
            if (namePattern != null && !namePattern.isBlank()) {
                group.put("name", namePattern);
            }
            for (String condition : alternative.split(",")) {
                if (condition.isBlank()) {
                    continue;
                }
                boolean matched = false;
                for (String[] operator : OPERATORS) {
                    int at = condition.indexOf(operator[0]);
                    if (at > 0) {
                        String key = condition.substring(0, at).trim();
                        String value = condition.substring(at + operator[0].length()).trim();
                        group.put(operator[1] == null ? key : key + "." + operator[1], Dids.typed(value));
                        matched = true;
                        break;
                    }
                }
                if (!matched) {
                    throw new ParameterException(spec.commandLine(), "Filter condition '" + condition
                            + "' has no operator: use =, !=, >, <, >= or <=");
                }
            }
            groups.add(group);
        }
        return groups;
    }
}
