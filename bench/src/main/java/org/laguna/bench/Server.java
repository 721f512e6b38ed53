package org.laguna.bench;

/** The server a scenario drives: one the benchmark started, or a remote Rucio-compatible one. */
interface Server {
    String url();

    /** A client logged in as the benchmark's account. */
    BenchHttp login() throws Exception;

    /** Peak heap of the server's JVM in bytes (Laguna's {@code /metrics}), or -1 when not known. */
    long heapPeakBytes() throws Exception;

    /** Peak resident set of the server process in bytes ({@code VmHWM}), or -1 when not known. */
    long peakRssBytes();

    /** Failed daemon cycles since the server started, or -1 when not known. */
    long daemonFailures() throws Exception;

    /** A server reached by URL with given credentials; nothing is known of its memory. */
    record Remote(String url, String account, String username, String password) implements Server {
        @Override
        public BenchHttp login() throws Exception {
            BenchHttp http = new BenchHttp(url);
            http.login(account, username, password);
            return http;
        }

        @Override
        public long heapPeakBytes() {
            return -1;
        }

        @Override
        public long peakRssBytes() {
            return -1;
        }

        @Override
        public long daemonFailures() {
            return -1;
        }
    }
}
