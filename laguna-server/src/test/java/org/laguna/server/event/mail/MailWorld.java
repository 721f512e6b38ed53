package org.laguna.server.event.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laguna.core.config.ConfigSource;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.event.EventTypes;
import org.laguna.core.event.Hermes;
import org.laguna.core.event.HermesConfig;
import org.laguna.core.event.Outbox;
import org.laguna.core.event.mail.EmailConfig;
import org.laguna.core.event.mail.EmailDestination;
import org.laguna.server.testing.TestServer;

/** What the e-mail tests share: GreenMail servers, hermes with only the e-mail destination, the mails received. */
final class MailWorld {
    static final String USER = "hermes";
    static final String PASSWORD = "hermes-secret";
    static final String FROM = "laguna@laguna.test";

    private MailWorld() {
    }

    /** A mail as the recipient's mailbox has it. */
    record Received(String to, String subject, String body) {
    }

    /** A GreenMail server on loopback (not started), with the login hermes uses. */
    static GreenMail greenMail(int port, String protocol) {
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", protocol));
        mail.setUser(FROM, USER, PASSWORD);
        return mail;
    }

    /** A port nobody listens on now (for a server started later). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The e-mail settings of {@code hermes.email.*} keys, read as the server reads them (through the environment here). */
    static EmailConfig config(Path home, Map<String, String> keys) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ConfigSource.environmentName("hermes.email.from"), FROM);
        env.put(ConfigSource.environmentName("hermes.email.retry-delay"), "PT0.05S");
        env.put(ConfigSource.environmentName("hermes.email.timeout"), "PT5S");
        keys.forEach((key, value) -> env.put(ConfigSource.environmentName(key), value));
        return EmailConfig.from(ConfigSource.load(home, env), Optional.empty()).orElseThrow();
    }

    /** A hermes delivering only by e-mail, with these settings. */
    static Hermes hermes(TestServer server, EmailConfig config) {
        return new Hermes(server.core().database(), server.core().clock(), HermesConfig.from(server.core().config().source()),
                List.of(new EmailDestination(server.core().database(), server.core().clock(), config)));
    }

    /** Runs hermes until a cycle does nothing or {@code cycles} ran, pausing a little for its retry delay; the work done. */
    static int run(Hermes hermes, int cycles) throws InterruptedException {
        int total = 0;
        for (int i = 0; i < cycles; i++) {
            int done = hermes.runOnce(WorkSlice.ALL);
            total += done;
            if (done == 0) {
                break;
            }
            Thread.sleep(60);
        }
        return total;
    }

    static long pending(TestServer server) {
        return count(server, "select count(*) from messages");
    }

    /** The count a query answers. */
    static long count(TestServer server, String sql) {
        return server.core().database().readOnly(tx -> tx.count(sql));
    }

    /** Gives an account an e-mail address (as {@code laguna account update --email} does). */
    static void email(TestServer server, String account, String email) {
        server.core().database().inTransactionVoid(tx -> tx.update("update accounts set email = ? where account = ?", email, account));
    }

    /** Adds an account (USER) with an address, directly in the catalogue. */
    static void account(TestServer server, String account, String email) {
        server.core().database().inTransactionVoid(tx ->
                tx.update("insert into accounts (account, vo, account_type, email) values (?, 'def', 'USER', ?)", account, email));
    }

    /** Writes a QUOTA_NEAR_LIMIT event for an account, as the rule engine does when its usage crosses the threshold. */
    static void quotaEvent(TestServer server, String account, String rse) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("account", account);
        payload.put("rse", rse);
        payload.put("rse_id", "0123456789abcdef0123456789abcdef");
        payload.put("bytes", 950_000_000L);
        payload.put("bytes_limit", 1_000_000_000L);
        payload.put("threshold", 0.9);
        server.core().database().inTransactionVoid(tx ->
                Outbox.emit(tx, EventTypes.QUOTA_NEAR_LIMIT, "account:" + account, payload, Instant.now()));
    }

    /** The mails GreenMail received, in the order it received them. */
    static List<Received> received(GreenMail mail) {
        List<Received> out = new ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            try {
                Object content = message.getContent();
                for (var to : message.getRecipients(Message.RecipientType.TO)) {
                    out.add(new Received(to.toString(), message.getSubject(), String.valueOf(content).replace("\r\n", "\n")));
                }
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
