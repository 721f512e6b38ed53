package org.laguna.core.daemon;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** The process that runs daemon instances, as its heartbeats name it. */
public record DaemonProcess(String hostname, long pid) {
    public DaemonProcess {
        Objects.requireNonNull(hostname, "hostname is null");
        if (hostname.isBlank()) {
            throw new IllegalArgumentException("hostname is blank");
        }
        if (pid < 0) {
            throw new IllegalArgumentException("pid must not be negative, got " + pid);
        }
    }

    /** This JVM: the machine's host name and the process id. */
    public static DaemonProcess current() {
        return new DaemonProcess(localHostname(), ProcessHandle.current().pid());
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnv = System.getenv("HOSTNAME");
            return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "localhost";
        }
    }
}
