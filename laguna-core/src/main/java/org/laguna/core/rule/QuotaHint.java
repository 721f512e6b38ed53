package org.laguna.core.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The part of an "insufficient quota" message that says which limits stand in the way, how much of
 * each is used, and who raises them and how.
 */
final class QuotaHint {
    private static final int MAX_RSES = 10;

    private QuotaHint() {
    }

    /**
     * @param rses the names of the RSEs the rule may use, by id
     * @param localLimits the account's limit per RSE (negative: unlimited); an RSE without one takes nothing
     * @param usage the account's bytes per RSE
     * @param globalLimits the account's limits on RSE expressions (negative: unlimited)
     * @param globalUsed the account's bytes on the RSEs of each of those expressions
     */
    static String of(String account, Map<UUID, String> rses, Map<UUID, Long> localLimits, Map<UUID, Long> usage,
                     Map<String, Long> globalLimits, Map<String, Long> globalUsed) {
        List<String> parts = new ArrayList<>();
        rses.entrySet().stream().limit(MAX_RSES).forEach(rse -> {
            Long limit = localLimits.get(rse.getKey());
            long used = usage.getOrDefault(rse.getKey(), 0L);
            if (limit == null) {
                parts.add(rse.getValue() + ": no limit set, so nothing may be written there");
            } else if (limit >= 0) {
                parts.add(rse.getValue() + ": limit " + bytes(limit) + ", used " + bytes(used) + " (" + bytes(Math.max(0, limit - used)) + " left)");
            }
        });
        if (rses.size() > MAX_RSES) {
            parts.add("and " + (rses.size() - MAX_RSES) + " more RSEs");
        }
        globalLimits.forEach((expression, limit) -> {
            if (limit >= 0) {
                long used = globalUsed.getOrDefault(expression, 0L);
                parts.add("the global limit on '" + expression + "': " + bytes(limit) + ", used " + bytes(used) + " ("
                        + bytes(Math.max(0, limit - used)) + " left)");
            }
        });
        return ". Account '" + account + "' " + (parts.isEmpty() ? "has no limit in the way" : "has " + String.join("; ", parts))
                + ". An administrator (an account with the admin attribute, such as root) raises a limit with "
                + "`laguna account limit set " + account + " --rse RSE --bytes N` (or 'infinity'), a global one with "
                + "POST /accounts/" + account + "/limits/global/EXPRESSION";
    }

    /** Bytes in decimal units, exact below 1 kB: {@code 999 bytes}, {@code 1.5 GB}. */
    static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
