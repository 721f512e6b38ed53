package org.laguna.core.event.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.LagunaException;

/**
 * The mail templates: every kind has one in the jar that uses only its variables; a file of the
 * same name in the override directory replaces it and is checked the same way; values are put in
 * as they are, with line breaks kept out of the subject; two opening braces write one.
 */
class MailTemplatesTest {
    @TempDir
    Path dir;

    @Test
    void everyKindHasAShippedTemplateThatFillsInAllItsPlaceholders() {
        MailTemplates templates = MailTemplates.load(Optional.empty());
        for (MailKind kind : MailKind.values()) {
            MailTemplate template = templates.of(kind);
            Map<String, String> values = new HashMap<>();
            kind.variables().forEach(name -> values.put(name, "<" + name + ">"));
            assertThat(template.source()).isEqualTo("(shipped) " + kind.template() + ".txt");
            String subject = template.renderSubject(values);
            String body = template.renderBody(values);
            assertThat(subject).as(kind.name()).startsWith("[Laguna] ").doesNotContain("{", "}", "\n");
            assertThat(body).as(kind.name()).doesNotContain("{").contains("<event_type>", "<created_at>");
        }
        assertThat(MailKind.RULE_STUCK.variables()).contains("last_error", "attempts", "stuck_rses", "stuck_files", "recipient");
        assertThat(MailKind.of("RULE_OK")).contains(MailKind.RULE_OK);
        assertThat(MailKind.of("transfer-done")).isEmpty();
    }

    @Test
    void valuesGoInAsTheyAreAndCannotAddAHeader() {
        MailTemplate template = MailTemplate.parse("test", "Subject: Rule {rule_id} of {account}\n\nDear {recipient},\n{{rule_id} is {rule_id}.\n"
                + "A {Brace} and } stay.\n", Set.of("rule_id", "account", "recipient"));
        Map<String, String> values = Map.of("rule_id", "abc$1\\", "account", "jdoe\r\nBcc: everyone@example.org", "recipient", "J. Doe");
        assertThat(template.renderSubject(values)).isEqualTo("Rule abc$1\\ of jdoe  Bcc: everyone@example.org");
        assertThat(template.renderBody(values)).isEqualTo("Dear J. Doe,\n{rule_id} is abc$1\\.\nA {Brace} and } stay.\n");
    }

    @Test
    void aTemplateWithAMistakeIsRefusedWithItsName() {
        assertThatThrownBy(() -> MailTemplate.parse("/x/rule-ok.txt", "Hello {recipient}", Set.of("recipient")))
                .isInstanceOf(LagunaException.class).hasMessageContaining("/x/rule-ok.txt").hasMessageContaining("Subject:");
        assertThatThrownBy(() -> MailTemplate.parse("/x/rule-ok.txt", "Subject: {rule}\n\n{recipient} {owner}", Set.of("recipient")))
                .isInstanceOf(LagunaException.class).hasMessageContaining("[owner, rule]");
    }

    @Test
    void aFileInTheOverrideDirectoryReplacesTheShippedTemplateOfItsName() throws Exception {
        Files.writeString(dir.resolve("rule-ok.txt"), "Subject: OK {scope}:{name}\r\n\r\nRule {rule_id} for {recipient_email}.\r\n");
        MailTemplates templates = MailTemplates.load(Optional.of(dir));
        MailTemplate ok = templates.of(MailKind.RULE_OK);
        assertThat(ok.source()).isEqualTo(dir.resolve("rule-ok.txt").toString());
        assertThat(ok.renderSubject(Map.of("scope", "exp", "name", "ds"))).isEqualTo("OK exp:ds");
        assertThat(ok.renderBody(Map.of("rule_id", "r1", "recipient_email", "a@b.c"))).isEqualTo("Rule r1 for a@b.c.\n");
        assertThat(templates.of(MailKind.RULE_STUCK).source()).startsWith("(shipped)");

        Files.writeString(dir.resolve("quota-near-limit.txt"), "Subject: {quota}\n\nbody");
        assertThatThrownBy(() -> MailTemplates.load(Optional.of(dir))).hasMessageContaining("quota-near-limit.txt")
                .hasMessageContaining("[quota]");
    }

    @Test
    void theSettingsAreReadFromTheConfigurationWithTheDefaultsOfEachSecurity() {
        Map<String, String> env = new HashMap<>();
        assertThat(EmailConfig.from(ConfigSource.load(dir, env), Optional.of(dir))).isEmpty();
        env.put("LAGUNA_HERMES_EMAIL_HOST", "smtp.example.org");
        env.put("LAGUNA_HERMES_EMAIL_USERNAME", "laguna@example.org");
        env.put("LAGUNA_HERMES_EMAIL_PASSWORD", "secret");
        EmailConfig starttls = EmailConfig.from(ConfigSource.load(dir, env), Optional.of(dir)).orElseThrow();
        assertThat(starttls.security()).isEqualTo(EmailConfig.Security.STARTTLS);
        assertThat(starttls.port()).isEqualTo(587);
        assertThat(starttls.from()).isEqualTo("laguna@example.org");
        assertThat(starttls.templates()).contains(dir.resolve("mail-templates"));
        assertThat(starttls.toString()).doesNotContain("secret");
        env.put("LAGUNA_HERMES_EMAIL_SECURITY", "SMTPS");
        assertThat(EmailConfig.from(ConfigSource.load(dir, env), Optional.of(dir)).orElseThrow().port()).isEqualTo(465);
        env.put("LAGUNA_HERMES_EMAIL_SECURITY", "ssl");
        assertThatThrownBy(() -> EmailConfig.from(ConfigSource.load(dir, env), Optional.of(dir)))
                .hasMessageContaining("hermes.email.security must be starttls, smtps or none");
        env.remove("LAGUNA_HERMES_EMAIL_SECURITY");
        env.put("LAGUNA_HERMES_EMAIL_USERNAME", "laguna");
        assertThatThrownBy(() -> EmailConfig.from(ConfigSource.load(dir, env), Optional.of(dir)))
                .hasMessageContaining("hermes.email.from");
    }
}
