package org.laguna.core.event.mail;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.laguna.core.db.JsonValues;
import org.laguna.core.db.Tx;
import org.laguna.core.event.OutboxMessage;

/**
 * Turns an event into the mails it causes: who receives it and the values of its template. The
 * recipients are read when the mail is sent, from the accounts' e-mail addresses:
 * <ul>
 *   <li>rule OK, dataset lock OK: the rule's account (the event exists only when the rule's
 *       {@code notify} asked for it: Y for every rule and dataset lock, C and P once the whole rule
 *       is OK and its DID closed);</li>
 *   <li>rule STUCK: the rule's account, unless the rule's {@code notify} is N;</li>
 *   <li>approval requested: the approvers of the rule's RSEs and the administrators;</li>
 *   <li>approval granted or denied, quota near its limit: the account concerned;</li>
 *   <li>registration requested: the administrators; registration approved: the address the
 *       person registered with.</li>
 * </ul>
 * Administrators are root and the accounts with the {@code admin} attribute, plus the addresses of
 * {@code hermes.email.admin-addresses}. Accounts without an address, or not ACTIVE, get no mail.
 */
public final class MailComposer {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int STUCK_FILES = 20;

    private final MailTemplates templates;
    private final String rootAccount;
    private final List<String> adminAddresses;

    public MailComposer(MailTemplates templates, String rootAccount, List<String> adminAddresses) {
        this.templates = Objects.requireNonNull(templates, "templates is null");
        this.rootAccount = Objects.requireNonNull(rootAccount, "rootAccount is null");
        this.adminAddresses = List.copyOf(adminAddresses);
    }

    /** Whether events of this type can cause mail (others are passed over without reading the database). */
    public static boolean mails(String eventType) {
        return MailKind.of(eventType).isPresent();
    }

    /** The mails of an event; none when its type is not mailed or nobody with an address is to receive it. */
    public List<Mail> compose(Tx tx, OutboxMessage message) {
        Optional<MailKind> kind = MailKind.of(message.eventType());
        if (kind.isEmpty()) {
            return List.of();
        }
        Map<String, Object> payload = payload(message);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("event_type", message.eventType());
        values.put("created_at", DATE.format(message.createdAt()));
        payload.forEach((key, value) -> values.put(key, text(value)));
        List<Recipient> recipients = switch (kind.get()) {
            case RULE_OK, DATASETLOCK_OK -> rule(tx, payload, values).map(r -> account(tx, r.account())).orElse(List.of());
            case RULE_STUCK -> rule(tx, payload, values).filter(r -> !"NO".equals(r.notification()))
                    .map(r -> {
                        stuck(tx, r.id(), values);
                        return account(tx, r.account());
                    }).orElse(List.of());
            case RULE_APPROVAL_REQUESTED -> {
                ruleValues(payload, values);
                rule(tx, payload, new LinkedHashMap<>()).ifPresent(r -> values.put("comment", r.comment()));
                values.putIfAbsent("comment", "");
                Set<Recipient> all = new LinkedHashSet<>();
                for (Object approver : payload.get("approvers") instanceof List<?> list ? list : List.of()) {
                    all.addAll(account(tx, String.valueOf(approver)));
                }
                all.addAll(admins(tx));
                yield List.copyOf(all);
            }
            case RULE_APPROVAL_GRANTED, RULE_APPROVAL_DENIED -> {
                ruleValues(payload, values);
                yield account(tx, text(payload.get("account")));
            }
            case QUOTA_NEAR_LIMIT -> {
                quota(payload, values);
                yield account(tx, text(payload.get("account")));
            }
            case REGISTRATION_REQUESTED -> admins(tx);
            case REGISTRATION_APPROVED -> {
                String email = text(payload.get("email"));
                yield email.isBlank() ? List.of() : List.of(new Recipient(text(payload.get("account")), email));
            }
        };
        MailTemplate template = templates.of(kind.get());
        List<Mail> mails = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Recipient recipient : recipients) {
            if (!seen.add(recipient.email().toLowerCase(Locale.ROOT))) {
                continue;
            }
            Map<String, String> own = new LinkedHashMap<>(values);
            own.put("recipient", recipient.account());
            own.put("recipient_email", recipient.email());
            mails.add(new Mail(recipient.account(), recipient.email(), template.renderSubject(own), template.renderBody(own)));
        }
        return mails;
    }

    /** Someone who receives a mail: an account (or a configured address, under the root's name) and an address. */
    record Recipient(String account, String email) {
    }

    /** What a mail says of a rule that still exists. */
    private record RuleRow(UUID id, String account, String notification, String comment) {
    }

    private static Map<String, Object> payload(OutboxMessage message) {
        Object parsed = JsonValues.read(message.payload());
        Map<String, Object> payload = new LinkedHashMap<>();
        if (parsed instanceof Map<?, ?> map) {
            map.forEach((key, value) -> payload.put(String.valueOf(key), value));
        }
        return payload;
    }

    /** The rule of the event, with its values, when it still exists. */
    private static Optional<RuleRow> rule(Tx tx, Map<String, Object> payload, Map<String, String> values) {
        Optional<UUID> id = ruleId(text(payload.get("rule_id")));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return tx.queryOne("select account, rse_expression, copies, state, notification, locks_ok_cnt, locks_replicating_cnt, "
                + "locks_stuck_cnt, error, comments from rules where id = ?", rs -> {
                    values.put("account", rs.getString(1));
                    values.put("rse_expression", rs.getString(2));
                    values.put("copies", String.valueOf(rs.getInt(3)));
                    values.put("state", rs.getString(4));
                    values.put("notify", notify(rs.getString(5)));
                    values.put("locks_ok", String.valueOf(rs.getLong(6)));
                    values.put("locks_replicating", String.valueOf(rs.getLong(7)));
                    values.put("locks_stuck", String.valueOf(rs.getLong(8)));
                    values.putIfAbsent("error", Objects.toString(rs.getString(9), ""));
                    return new RuleRow(id.get(), rs.getString(1), rs.getString(5), Objects.toString(rs.getString(10), ""));
                }, id.get());
    }

    /** The rule's values of the approval events, from their payload (a denied rule no longer exists). */
    private static void ruleValues(Map<String, Object> payload, Map<String, String> values) {
        Object approvers = payload.get("approvers");
        if (approvers instanceof List<?> list) {
            values.put("approvers", list.isEmpty() ? "none" : String.join(", ", list.stream().map(String::valueOf).toList()));
        }
    }

    /** The stuck analysis: the RSEs of the stuck locks, the most attempts, the last error, and a listing of stuck files. */
    private static void stuck(Tx tx, UUID rule, Map<String, String> values) {
        List<String[]> rows = tx.query("select l.scope || ':' || l.name, x.rse, greatest(coalesce(q.retry_count, 0), "
                + "(select count(*) from requests_history h where h.scope = l.scope and h.name = l.name and h.dest_rse_id = l.rse_id "
                + "and h.state = 'FAILED')), coalesce(q.err_msg, (select h.err_msg from requests_history h where h.scope = l.scope "
                + "and h.name = l.name and h.dest_rse_id = l.rse_id and h.err_msg is not null order by h.updated_at desc limit 1), '') "
                + "from locks l join rses x on x.id = l.rse_id left join requests q on q.scope = l.scope and q.name = l.name "
                + "and q.dest_rse_id = l.rse_id where l.rule_id = ? and l.state = 'STUCK' "
                + "order by q.updated_at desc nulls last, l.scope, l.name limit " + STUCK_FILES,
                rs -> new String[] {rs.getString(1), rs.getString(2), String.valueOf(rs.getLong(3)), rs.getString(4)}, rule);
        Set<String> rses = new LinkedHashSet<>();
        long attempts = 0;
        String lastError = "";
        StringBuilder files = new StringBuilder();
        for (String[] row : rows) {
            rses.add(row[1]);
            attempts = Math.max(attempts, Long.parseLong(row[2]));
            if (lastError.isEmpty() && !row[3].isBlank()) {
                lastError = row[3];
            }
            files.append("  ").append(row[0]).append(" on ").append(row[1]).append(": ").append(row[2]).append(" attempt(s)")
                    .append(row[3].isBlank() ? "" : ", " + row[3]).append('\n');
        }
        values.put("stuck_rses", rses.isEmpty() ? "none" : String.join(", ", rses));
        values.put("attempts", String.valueOf(attempts));
        values.put("last_error", lastError.isEmpty() ? values.getOrDefault("error", "") : lastError);
        values.put("stuck_files", files.isEmpty() ? "  (none listed)\n" : files.toString());
    }

    private static void quota(Map<String, Object> payload, Map<String, String> values) {
        long bytes = number(payload.get("bytes"));
        long limit = number(payload.get("bytes_limit"));
        double threshold = payload.get("threshold") instanceof Number n ? n.doubleValue() : 0;
        values.put("used", size(bytes));
        values.put("limit", size(limit));
        values.put("used_percent", limit <= 0 ? "0" : String.valueOf(Math.round(bytes * 100.0 / limit)));
        values.put("threshold_percent", String.valueOf(Math.round(threshold * 100)));
    }

    /** The active account's address, if it has one. */
    private static List<Recipient> account(Tx tx, String account) {
        if (account == null || account.isBlank()) {
            return List.of();
        }
        return tx.query("select account, email from accounts where account = ? and status = 'ACTIVE' and email is not null "
                + "and btrim(email) <> ''", rs -> new Recipient(rs.getString(1), rs.getString(2).strip()), account);
    }

    private List<Recipient> admins(Tx tx) {
        List<Recipient> admins = new ArrayList<>(tx.query("select a.account, a.email from accounts a where a.status = 'ACTIVE' "
                + "and a.email is not null and btrim(a.email) <> '' and (a.account = ? or exists (select 1 from account_attrs t "
                + "where t.account = a.account and t.key = 'admin' and t.value in ('true'::jsonb, '\"true\"'::jsonb, '\"True\"'::jsonb, "
                + "'1'::jsonb))) order by a.account", rs -> new Recipient(rs.getString(1), rs.getString(2).strip()), rootAccount));
        adminAddresses.forEach(address -> admins.add(new Recipient(rootAccount, address)));
        return admins;
    }

    private static Optional<UUID> ruleId(String hex) {
        String digits = hex.replace("-", "");
        if (!digits.matches("[0-9a-fA-F]{32}")) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(digits.substring(0, 8) + "-" + digits.substring(8, 12) + "-" + digits.substring(12, 16) + "-"
                + digits.substring(16, 20) + "-" + digits.substring(20)));
    }

    private static String notify(String notification) {
        return switch (notification) {
            case "YES" -> "Y";
            case "CLOSE" -> "C";
            case "PROGRESS" -> "P";
            default -> "N";
        };
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** A size in decimal units, as Rucio's clients print them (1.5 GB). */
    static String size(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return String.join(", ", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
