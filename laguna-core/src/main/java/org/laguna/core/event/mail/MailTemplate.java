package org.laguna.core.event.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * A plain-text mail template: a first line {@code Subject: ...}, an empty line, then the body.
 * A name in braces stands for the variable of that name (lower-case letters, digits and {@code _});
 * two opening braces write one literal opening brace; any other brace is written as it is. Values are inserted
 * as they are in the body; in the subject, line breaks and other control characters in a value
 * become spaces, so a value can never add a header.
 */
public record MailTemplate(String source, String subject, String body) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{|\\{([a-z][a-z0-9_]*)\\}");

    public MailTemplate {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(subject, "subject is null");
        Objects.requireNonNull(body, "body is null");
    }

    /** Parses a template and checks that it uses only the given variables; {@code source} names it in errors. */
    public static MailTemplate parse(String source, String text, Set<String> variables) {
        String normalized = text.replace("\r\n", "\n").replace('\r', '\n');
        if (normalized.startsWith("\uFEFF")) {
            normalized = normalized.substring(1);
        }
        int end = normalized.indexOf('\n');
        String first = end < 0 ? normalized : normalized.substring(0, end);
        if (!first.regionMatches(true, 0, "Subject:", 0, "Subject:".length())) {
            throw invalid(source, "its first line must be 'Subject: ...'");
        }
        String subject = first.substring("Subject:".length()).strip();
        String body = end < 0 ? "" : normalized.substring(end + 1);
        if (body.startsWith("\n")) {
            body = body.substring(1);
        }
        Set<String> unknown = new TreeSet<>(used(subject));
        unknown.addAll(used(body));
        unknown.removeAll(variables);
        if (!unknown.isEmpty()) {
            throw invalid(source, "it uses unknown variables " + unknown + "; known are " + new TreeSet<>(variables));
        }
        return new MailTemplate(source, subject, body);
    }

    /** The subject with the values in, on one line. */
    public String renderSubject(Map<String, String> values) {
        return render(subject, values, true).strip();
    }

    /** The body with the values in. */
    public String renderBody(Map<String, String> values) {
        return render(body, values, false);
    }

    private static String render(String text, Map<String, String> values, boolean oneLine) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(1) == null) {
                value = "{";
            } else {
                value = values.getOrDefault(m.group(1), "");
                if (oneLine) {
                    value = value.replaceAll("\\p{Cntrl}", " ");
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> used(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static LagunaException invalid(String source, String why) {
        return new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "Mail template " + source + " is not valid: " + why);
    }
}
