package org.laguna.core.event.mail;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Sends mails to the SMTP server of an {@link EmailConfig} with Jakarta Mail (Eclipse Angus): one
 * connection, opened at the first mail and kept for the following ones until {@link #close}. A
 * failure is either {@link Permanent} (the server refused the recipient or the message with a 5xx
 * answer, or the address is not one: sending it again cannot help) or {@link Transient}
 * (connection, TLS, login, a 4xx answer, a refused sender: trying later can).
 */
public final class SmtpMailer implements AutoCloseable {
    private final EmailConfig config;
    private final Clock clock;
    private final Session session;
    private Transport transport;

    /** A failure that sending again later cannot mend. */
    public static final class Permanent extends Exception {
        public Permanent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A failure that may pass: the mail is to be sent again later. */
    public static final class Transient extends Exception {
        public Transient(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public SmtpMailer(EmailConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.session = Session.getInstance(properties(config));
    }

    /** The Jakarta Mail session properties of a configuration. */
    static Properties properties(EmailConfig config) {
        Properties props = new Properties();
        String millis = String.valueOf(config.timeout().toMillis());
        props.put("mail.transport.protocol", "smtp");
        props.put("mail.smtp.host", config.host());
        props.put("mail.smtp.port", String.valueOf(config.port()));
        props.put("mail.smtp.connectiontimeout", millis);
        props.put("mail.smtp.timeout", millis);
        props.put("mail.smtp.writetimeout", millis);
        props.put("mail.smtp.from", config.from());
        props.put("mail.smtp.auth", String.valueOf(config.username().isPresent()));
        switch (config.security()) {
            case STARTTLS -> {
                props.put("mail.smtp.starttls.enable", "true");
                props.put("mail.smtp.starttls.required", "true");
            }
            case SMTPS -> props.put("mail.smtp.ssl.enable", "true");
            case NONE -> {
            }
        }
        if (config.security() != EmailConfig.Security.NONE) {
            props.put("mail.smtp.ssl.checkserveridentity", String.valueOf(config.checkHostname()));
            props.put("mail.smtp.ssl.socketFactory", socketFactory(config));
        }
        return props;
    }

    /** TLS sockets trusting the authorities of {@code hermes.email.tls.ca-file}, or the JVM's. */
    private static SSLSocketFactory socketFactory(EmailConfig config) {
        if (config.caFile().isEmpty()) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try (InputStream in = Files.newInputStream(config.caFile().get())) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                        "hermes.email.tls.ca-file: no certificate in " + config.caFile().get());
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                    "hermes.email.tls.ca-file: cannot read " + config.caFile().get() + ": " + e.getMessage(), e);
        }
    }

    /** Sends one mail, connecting first when needed. */
    public void send(Mail mail) throws Permanent, Transient {
        MimeMessage message;
        InternetAddress to;
        try {
            to = new InternetAddress(mail.to(), true);
            message = new MimeMessage(session);
            message.setFrom(new InternetAddress(config.from()));
            message.setRecipient(MimeMessage.RecipientType.TO, to);
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setText(mail.body(), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(clock.instant()));
            message.setHeader("Auto-Submitted", "auto-generated");
            message.saveChanges();
        } catch (AddressException e) {
            throw new Permanent("'" + mail.to() + "' is not an e-mail address: " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw new Permanent("cannot build the mail: " + e.getMessage(), e);
        }
        Transport open = transport();
        try {
            open.sendMessage(message, new Address[] {to});
        } catch (MessagingException e) {
            if (permanent(e)) {
                throw new Permanent("the server refused the mail to " + mail.to() + ": " + describe(e), e);
            }
            close();
            throw new Transient("sending to " + mail.to() + " failed: " + describe(e), e);
        }
    }

    private Transport transport() throws Transient {
        if (transport != null && transport.isConnected()) {
            return transport;
        }
        close();
        try {
            Transport created = session.getTransport("smtp");
            created.connect(config.host(), config.port(), config.username().orElse(null), config.password().orElse(null));
            transport = created;
            return created;
        } catch (MessagingException e) {
            throw new Transient("cannot connect to " + config.host() + ":" + config.port() + " (" + config.security() + "): "
                    + describe(e), e);
        }
    }

    /**
     * A 5xx answer to a recipient or to the message itself; not one to the sender ({@code MAIL
     * FROM}, where a relay that wants a login or refuses the sender answers) nor 530 (login needed).
     */
    static boolean permanent(MessagingException e) {
        for (Exception next = e; next != null; next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException failed) {
                int code = failed.getReturnCode();
                if (code >= 500 && code <= 599 && code != 530) {
                    return true;
                }
            } else if (next instanceof SMTPSendFailedException failed) {
                int code = failed.getReturnCode();
                String command = Objects.toString(failed.getCommand(), "");
                if (code >= 500 && code <= 599 && code != 530 && !command.regionMatches(true, 0, "MAIL", 0, 4)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(Exception e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()).strip());
        Throwable cause = e.getCause();
        if (e instanceof MessagingException m && m.getNextException() != null && m.getNextException() != cause) {
            out.append(": ").append(String.valueOf(m.getNextException().getMessage()).strip());
        }
        if (cause != null && cause.getMessage() != null && !out.toString().contains(cause.getMessage())) {
            out.append(" (").append(cause.getMessage().strip()).append(')');
        }
        return out.toString().replaceAll("\\s+", " ");
    }

    @Override
    public void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // the connection is gone either way
            }
            transport = null;
        }
    }
}
