package org.laguna.core.event.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.laguna.core.db.Database;
import org.laguna.core.event.EventDestination;
import org.laguna.core.event.OutboxMessage;
import org.laguna.core.event.RetryPause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hermes's e-mail destination ({@code email}): the events that are mailed (see {@link MailKind})
 * become mails from the templates, to the recipients {@link MailComposer} finds; the others are
 * confirmed at once. An event is confirmed once the SMTP server accepted all its mails; when the
 * server cannot be reached or answers "later" (4xx), delivery stops there, the rest stays pending
 * and hermes tries again after {@code hermes.email.retry-delay}, doubling up to
 * {@code hermes.email.retry-max-delay}. A mail the server refuses for good (5xx to the recipient or
 * the message) or to an address that is not one is recorded in {@code email_failures} and passed
 * over, so it never holds the queue.
 */
public final class EmailDestination implements EventDestination {
    public static final String NAME = "email";
    private static final Logger LOG = LoggerFactory.getLogger(EmailDestination.class);

    private final Database database;
    private final Clock clock;
    private final EmailConfig config;
    private final MailComposer composer;
    private final SmtpMailer mailer;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private Instant lastPurge = Instant.EPOCH;
    private final RetryPause pause;

    public EmailDestination(Database database, Clock clock, EmailConfig config) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.composer = new MailComposer(MailTemplates.load(config.templates()), config.rootAccount(), config.adminAddresses());
        this.mailer = new SmtpMailer(config, clock);
        this.pause = new RetryPause(config.retryDelay(), config.retryMaxDelay(), clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized boolean ready() {
        return pause.over();
    }

    @Override
    public synchronized int deliver(List<OutboxMessage> messages) {
        int confirmed = 0;
        try {
            purgeFailures();
            for (OutboxMessage message : messages) {
                if (MailComposer.mails(message.eventType())) {
                    List<Mail> mails = database.readOnly(tx -> composer.compose(tx, message));
                    for (Mail mail : mails) {
                        try {
                            mailer.send(mail);
                        } catch (SmtpMailer.Permanent e) {
                            LOG.warn("E-mail of event {} ({}) to {} refused for good, not sent again: {}", message.id(),
                                    message.eventType(), mail.to(), e.getMessage());
                            record(message, mail, e.getMessage());
                        }
                    }
                }
                confirmed++;
            }
            pause.succeeded();
        } catch (SmtpMailer.Transient e) {
            LOG.warn("E-mail delivery failed after {} of {} events, retrying in {}: {}", confirmed, messages.size(), pause.failed(),
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("E-mail delivery stopped after {} of {} events, retrying in {}", confirmed, messages.size(), pause.hold(), e);
        } finally {
            mailer.close();
        }
        return confirmed;
    }

    /** Forgets refused mails older than the history's retention, at most once an hour. */
    private void purgeFailures() {
        Instant now = clock.instant();
        if (now.isBefore(lastPurge.plus(PURGE_EVERY))) {
            return;
        }
        lastPurge = now;
        database.inTransactionVoid(tx -> tx.update("delete from email_failures where failed_at < ?",
                Timestamp.from(now.minus(config.failureRetention()))));
    }

    private void record(OutboxMessage message, Mail mail, String error) {
        String text = error.length() > 1000 ? error.substring(0, 1000) : error;
        String to = mail.to().length() > 255 ? mail.to().substring(0, 255) : mail.to();
        database.inTransactionVoid(tx -> tx.update("insert into email_failures (message_id, event_type, recipient, error, failed_at) "
                + "values (?, ?, ?, ?, ?)", message.id(), message.eventType(), to, text, Timestamp.from(clock.instant())));
    }

    @Override
    public synchronized void close() {
        mailer.close();
    }
}
