package org.laguna.core.event.mail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The templates of every kind of mail: those shipped in the jar
 * ({@code org/laguna/core/event/mail/templates/<kind>.txt}), each replaced by the file of the same
 * name in the override directory when there is one ({@code <home>/mail-templates} by default).
 * All are read and checked once, when hermes starts: a template with a mistake stops the start
 * with a message that names the file.
 */
public final class MailTemplates {
    private static final String SHIPPED = "/org/laguna/core/event/mail/templates/";

    private final Map<MailKind, MailTemplate> templates;

    private MailTemplates(Map<MailKind, MailTemplate> templates) {
        this.templates = templates;
    }

    /** The shipped templates, with those of {@code overrides} in their place where that directory has them. */
    public static MailTemplates load(Optional<Path> overrides) {
        Map<MailKind, MailTemplate> templates = new EnumMap<>(MailKind.class);
        for (MailKind kind : MailKind.values()) {
            String file = kind.template() + ".txt";
            Optional<Path> override = overrides.map(dir -> dir.resolve(file)).filter(Files::isRegularFile);
            String text;
            String source;
            if (override.isPresent()) {
                source = override.get().toString();
                try {
                    text = Files.readString(override.get(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "Cannot read mail template " + source + ": " + e.getMessage(), e);
                }
            } else {
                source = "(shipped) " + file;
                text = shipped(file);
            }
            templates.put(kind, MailTemplate.parse(source, text, kind.variables()));
        }
        return new MailTemplates(templates);
    }

    /** The template of a kind of mail. */
    public MailTemplate of(MailKind kind) {
        return templates.get(kind);
    }

    private static String shipped(String file) {
        try (InputStream in = MailTemplates.class.getResourceAsStream(SHIPPED + file)) {
            if (in == null) {
                throw new IllegalStateException("The mail template " + file + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the shipped mail template " + file, e);
        }
    }
}
