package org.laguna.server.event.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A submission relay as strict as the port-587 servers of an institute, in front of GreenMail
 * (which accepts everything): it offers only STARTTLS until the connection is encrypted, answers
 * 530 to any mail before STARTTLS and before a successful AUTH (PLAIN or LOGIN, checked against
 * one user), refuses the recipients it is told to with 550, and hands every accepted mail on to
 * GreenMail's plain SMTP port, where the tests read it. It records what the clients did.
 */
final class StrictSmtpRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final SSLContext tls;
    private final String user;
    private final String password;
    private final int nextPort;
    private final Set<String> refused;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    StrictSmtpRelay(SSLContext tls, String user, String password, int nextPort, Set<String> refused) throws IOException {
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.nextPort = nextPort;
        this.refused = Set.copyOf(refused);
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** What clients did, in order: STARTTLS, AUTH-OK, AUTH-FAILED, REFUSED-BEFORE-TLS, REFUSED-UNAUTHENTICATED, RELAYED. */
    List<String> events() {
        return List.copyOf(events);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                Thread.ofVirtual().start(() -> session(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket plain) {
        Socket socket = plain;
        try {
            BufferedReader in = reader(socket);
            OutputStream out = socket.getOutputStream();
            send(out, "220 strict.test ESMTP");
            boolean secure = false;
            boolean authenticated = false;
            String from = null;
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    send(out, secure ? "250-strict.test\r\n250 AUTH PLAIN LOGIN" : "250-strict.test\r\n250 STARTTLS");
                } else if (upper.equals("STARTTLS")) {
                    if (secure) {
                        send(out, "503 5.5.1 TLS already active");
                        continue;
                    }
                    send(out, "220 2.0.0 Ready to start TLS");
                    SSLSocket upgraded = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
                    upgraded.setUseClientMode(false);
                    upgraded.startHandshake();
                    socket = upgraded;
                    in = reader(socket);
                    out = socket.getOutputStream();
                    secure = true;
                    events.add("STARTTLS");
                } else if (upper.startsWith("AUTH")) {
                    if (!secure) {
                        send(out, "530 5.7.0 Must issue a STARTTLS command first");
                        continue;
                    }
                    authenticated = authenticate(line, in, out);
                    events.add(authenticated ? "AUTH-OK" : "AUTH-FAILED");
                    send(out, authenticated ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid");
                } else if (upper.startsWith("MAIL FROM:")) {
                    if (!secure) {
                        events.add("REFUSED-BEFORE-TLS");
                        send(out, "530 5.7.0 Must issue a STARTTLS command first");
                    } else if (!authenticated) {
                        events.add("REFUSED-UNAUTHENTICATED");
                        send(out, "530 5.7.0 Authentication required");
                    } else {
                        from = address(line);
                        recipients.clear();
                        send(out, "250 2.1.0 Ok");
                    }
                } else if (upper.startsWith("RCPT TO:")) {
                    String to = address(line);
                    if (from == null) {
                        send(out, "503 5.5.1 Need MAIL before RCPT");
                    } else if (refused.contains(to.toLowerCase(Locale.ROOT))) {
                        send(out, "550 5.1.1 <" + to + ">: Recipient address rejected: User unknown");
                    } else {
                        recipients.add(to);
                        send(out, "250 2.1.5 Ok");
                    }
                } else if (upper.equals("DATA")) {
                    if (from == null || recipients.isEmpty()) {
                        send(out, "554 5.5.1 No valid recipients");
                        continue;
                    }
                    send(out, "354 End data with <CR><LF>.<CR><LF>");
                    List<String> data = new ArrayList<>();
                    String dataLine;
                    while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
                        data.add(dataLine);
                    }
                    relay(from, recipients, data);
                    events.add("RELAYED");
                    from = null;
                    recipients = new ArrayList<>();
                    send(out, "250 2.0.0 Ok: queued");
                } else if (upper.equals("RSET")) {
                    from = null;
                    recipients.clear();
                    send(out, "250 2.0.0 Ok");
                } else if (upper.equals("NOOP")) {
                    send(out, "250 2.0.0 Ok");
                } else if (upper.equals("QUIT")) {
                    send(out, "221 2.0.0 Bye");
                    break;
                } else {
                    send(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                // closed anyway
            }
        }
    }

    private boolean authenticate(String line, BufferedReader in, OutputStream out) throws IOException {
        String[] parts = line.trim().split("\\s+");
        String mechanism = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
        if (mechanism.equals("PLAIN")) {
            String response = parts.length > 2 ? parts[2] : prompt(out, in, "334 ");
            String[] fields = decode(response).split("\u0000", -1);
            return fields.length == 3 && fields[1].equals(user) && fields[2].equals(password);
        }
        if (mechanism.equals("LOGIN")) {
            String name = parts.length > 2 ? decode(parts[2]) : decode(prompt(out, in, "334 VXNlcm5hbWU6"));
            String secret = decode(prompt(out, in, "334 UGFzc3dvcmQ6"));
            return name.equals(user) && secret.equals(password);
        }
        return false;
    }

    private static String prompt(OutputStream out, BufferedReader in, String question) throws IOException {
        send(out, question);
        String answer = in.readLine();
        return answer == null ? "" : answer.trim();
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** Hands a mail on to GreenMail: the same envelope and the message as it came (dot-stuffing kept). */
    private void relay(String from, List<String> recipients, List<String> data) throws IOException {
        try (Socket next = new Socket(InetAddress.getLoopbackAddress(), nextPort)) {
            BufferedReader in = reader(next);
            OutputStream out = next.getOutputStream();
            expect(in, "220");
            send(out, "EHLO strict.test");
            expect(in, "250");
            send(out, "MAIL FROM:<" + from + ">");
            expect(in, "250");
            for (String to : recipients) {
                send(out, "RCPT TO:<" + to + ">");
                expect(in, "250");
            }
            send(out, "DATA");
            expect(in, "354");
            for (String line : data) {
                send(out, line);
            }
            send(out, ".");
            expect(in, "250");
            send(out, "QUIT");
        }
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null || !line.startsWith(code)) {
                throw new IOException("GreenMail answered '" + line + "', expected " + code);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
    }

    private static String address(String line) {
        int open = line.indexOf('<');
        int close = line.indexOf('>', open + 1);
        return open >= 0 && close > open ? line.substring(open + 1, close) : line.substring(line.indexOf(':') + 1).trim();
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        acceptor.interrupt();
    }
}
