package org.laguna.core.daemon;

import java.util.Objects;

/** One running instance of a daemon: a thread of a process; the key of its heartbeat. */
public record DaemonInstance(String daemon, String hostname, long pid, int threadNumber) {
    public DaemonInstance {
        Objects.requireNonNull(daemon, "daemon is null");
        Objects.requireNonNull(hostname, "hostname is null");
        if (threadNumber < 0) {
            throw new IllegalArgumentException("threadNumber must not be negative, got " + threadNumber);
        }
    }

    public static DaemonInstance of(String daemon, DaemonProcess process, int threadNumber) {
        return new DaemonInstance(daemon, process.hostname(), process.pid(), threadNumber);
    }

    /** The name of the instance's thread, also shown in its heartbeat. */
    public String threadName() {
        return daemon + "-" + threadNumber;
    }
}
