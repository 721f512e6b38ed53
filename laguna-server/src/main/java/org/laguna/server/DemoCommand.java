package org.laguna.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Adler32;
import org.laguna.client.ClientConfig;
import org.laguna.client.DidsApi;
import org.laguna.client.LagunaClient;
import org.laguna.core.config.ConfigSource;
import org.laguna.core.config.LagunaConfig;
import org.laguna.spi.error.LagunaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code laguna demo}: starts Laguna on an embedded PostgreSQL in a fresh home (and a local S3
 * server when one is on the class path), makes RSEs on local directories and the S3 server, and
 * walks through the catalogue, rules, transfers, repair and deletion through the REST API,
 * printing each step.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start Laguna on an embedded PostgreSQL and walk through the catalogue, printing each step.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--home", description = "Home for the demo (default: a new directory under the system's temp dir).")
    Path home;

    @Option(names = "--keep-running", description = "Keep the server running after the walk-through (Ctrl-C stops it).")
    boolean keepRunning;

    private PrintStream out = System.out;
    private int step;

    @Option(names = "--keep", description = "Keep the demo's home (catalogue, storage, log) at the end; "
            + "a home the demo made itself is removed otherwise.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        boolean madeHome = home == null;
        Path demoHome = madeHome ? Files.createTempDirectory("laguna-demo-") : home;
        Path log = DemoHome.logTo(demoHome);
        boolean finished = false;
        try {
            run(demoHome, log);
            finished = true;
        } finally {
            out.println();
            if (!finished) {
                out.println("The demo stopped before its end. Its home is kept in " + demoHome + "; the server's log is " + log + ".");
            } else if (madeHome && !keep && !keepRunning) {
                DemoHome.delete(demoHome);
                out.println("Removed the demo's home " + demoHome + " (run with --keep to keep it and its log).");
            } else {
                out.println("The demo's home is kept in " + demoHome + " (catalogue in " + demoHome.resolve("db") + "); the server's log is "
                        + log + ".");
            }
        }
        return 0;
    }

    private void run(Path demoHome, Path log) throws Exception {
        String password = "demo-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        LocalS3 s3 = ServiceLoader.load(LocalS3.class).findFirst().orElse(null);
        int s3Port = -1;
        if (s3 != null) {
            String secret = "demo-s3-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
            s3Port = s3.start(demoHome.resolve("storage/infn-s3"), List.of("infn"), "demo-access", secret);
            // the keys stay in the server's configuration: clients never see them
            Files.writeString(demoHome.resolve("laguna.properties"),
                    "storage.INFN_S3.access_key=demo-access\nstorage.INFN_S3.secret_key=" + secret + "\n");
        }
        // the demo's own settings ignore the environment; storage keys, transfer and auth settings read it as in a server
        LagunaConfig config = LagunaConfig.load(demoHome, Map.of()).withSource(ConfigSource.load(demoHome, System.getenv()))
                .withPort(0).withRootPassword(password);
        say("Starting Laguna with an embedded PostgreSQL in " + demoHome
                + (s3 == null ? "" : ", and a local S3 server (s3proxy) on 127.0.0.1:" + s3Port) + "; its log goes to " + log);
        try (ServerCommand.Running running = ServerCommand.start(config, out);
             LagunaClient root = new LagunaClient(new ClientConfig(running.url(), "root", "root", password, "def"))) {
            walkThrough(root, running.url(), demoHome, s3Port);
            out.println();
            out.println("Demo finished.");
            out.println("Web interface: " + running.url() + "/ui/ (sign in as jdoe / jdoe-secret to see jdoe's data, or as root)"
                    + (keepRunning ? "" : "; the server stops now: run the demo with --keep-running to keep browsing it."));
            if (keepRunning) {
                out.println("Server still running at " + running.url() + " as root / " + password + " (Ctrl-C stops it).");
                Thread.currentThread().join();
            }
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    private void walkThrough(LagunaClient root, String url, Path demoHome, int s3Port) throws IOException {
        new WalkThrough(root, url, demoHome, s3Port).run();
    }

    /** The demo's steps, in order; each step leaves what later ones need in the fields. */
    private final class WalkThrough {
        private final LagunaClient root;
        private final String url;
        private final Path demoHome;
        private final int s3Port;
        private final Map<String, Path> rseDirs = new LinkedHashMap<>();
        /** The third RSE, a tier-1 object store (on the local S3 server if there is one) and its directory. */
        private final String third;
        private final Path thirdDir;
        private List<String> lfns;
        private JsonNode pfns;
        private List<Map<String, Object>> files;
        private Map<String, long[]> usageBefore;
        private String archive;
        private Path lost;

        WalkThrough(LagunaClient root, String url, Path demoHome, int s3Port) {
            this.root = root;
            this.url = url;
            this.demoHome = demoHome;
            this.s3Port = s3Port;
            this.third = s3Port > 0 ? "INFN_S3" : "INFN_DISK";
            this.thirdDir = s3Port > 0 ? demoHome.resolve("storage/infn-s3/infn") : demoHome.resolve("storage/infn-disk");
        }

        void run() throws IOException {
            whoAmI();
            accountsAndScopes();
            localRses();
            thirdRse();
            selectRses();
            containerAndDataset();
            writeAndRegisterFiles();
            tapeCopy();
            rules();
            metadata();
            listReplicas();
            closeDataset();
            userPermissions();
            loseAndRepairTapeCopy();
            expireAndDelete();
        }

        private void whoAmI() {
            say("Who am I? (GET /accounts/whoami)");
            show("account", root.whoami().path("account").asText());
        }

        private void accountsAndScopes() {
            say("Create the user account jdoe with a password, and its scope user.jdoe; root owns the scope cygno");
            root.accounts().add("jdoe", "USER", "jdoe@example.org");
            root.accounts().addUserpass("jdoe", "jdoe", "jdoe-secret", "jdoe@example.org");
            root.scopes().add("jdoe", "user.jdoe");
            root.scopes().add("root", "cygno");
            show("scopes", root.scopes().list().toString());
        }

        private void localRses() throws IOException {
            say("Create two RSEs on local directories, with attributes and a file protocol");
            rseDirs.put("LNGS_DISK", demoHome.resolve("storage/lngs"));
            rseDirs.put("CNAF_TAPE", demoHome.resolve("storage/cnaf-tape"));
            for (Map.Entry<String, Path> rse : rseDirs.entrySet()) {
                Files.createDirectories(rse.getValue());
                boolean tape = rse.getKey().endsWith("TAPE");
                root.rses().add(rse.getKey(), Map.of("rse_type", tape ? "TAPE" : "DISK", "country_name", "Italy"));
                root.rses().setAttribute(rse.getKey(), "country", "IT");
                root.rses().setAttribute(rse.getKey(), "tier", tape ? "1" : "2");
                root.rses().addProtocol(rse.getKey(), "file", Map.of("hostname", "localhost", "port", 0,
                        "prefix", rse.getValue().toString(), "impl", "rucio.rse.protocols.posix.Default",
                        "domains", Map.of("lan", Map.of("read", 1, "write", 1, "delete", 1),
                                "wan", Map.of("read", 1, "write", 1, "delete", 1))));
                show(rse.getKey(), rse.getValue().toString());
            }
            root.rses().setDistance("LNGS_DISK", "CNAF_TAPE", 1, true);
        }

        private void thirdRse() throws IOException {
            Files.createDirectories(thirdDir);
            root.rses().add(third, Map.of("country_name", "Italy"));
            root.rses().setAttribute(third, "country", "IT");
            root.rses().setAttribute(third, "tier", "1");
            if (s3Port > 0) {
                say("and an RSE on the local S3 server (bucket infn), path-style; its keys are in the server's laguna.properties only");
                root.rses().addProtocol(third, "s3", Map.of("hostname", "127.0.0.1", "port", s3Port, "prefix", "/infn",
                        "impl", "rucio.rse.protocols.gfal.NoRename", "extended_attributes", Map.of("insecure", true),
                        "domains", Map.of("lan", Map.of("read", 1, "write", 1, "delete", 1), "wan", Map.of("read", 1, "write", 1, "delete", 1))));
                show(third, "s3://127.0.0.1:" + s3Port + "/infn");
            } else {
                say("and a third RSE on a local directory (no local S3 server on the class path: run the demo with ./laguna demo to get one)");
                root.rses().addProtocol(third, "file", Map.of("hostname", "localhost", "port", 0,
                        "prefix", thirdDir.toString(), "impl", "rucio.rse.protocols.posix.Default",
                        "domains", Map.of("lan", Map.of("read", 1, "write", 1, "delete", 1), "wan", Map.of("read", 1, "write", 1, "delete", 1))));
                show(third, thirdDir.toString());
            }
            root.rses().setDistance("LNGS_DISK", third, 2, true);
            root.rses().setDistance("CNAF_TAPE", third, 1, true);
            root.rses().setDistance(third, "CNAF_TAPE", 1, true);
        }

        private void selectRses() {
            say("Select RSEs with expressions");
            for (String expression : List.of("country=IT", "tier=1", "country=IT\\rse_type=TAPE", "LNGS_DISK|CNAF_TAPE")) {
                show(expression, root.rses().list(expression).map(n -> n.get("rse").asText()).collect(Collectors.joining(", ")));
            }
        }

        private void containerAndDataset() {
            say("Create a container and a dataset, and attach the dataset to the container");
            root.dids().add("cygno", "run2026", "CONTAINER", null, false, Map.of());
            root.dids().add("cygno", "run2026.raw", "DATASET", null, false, Map.of());
            root.dids().attach("cygno", "run2026", List.of(DidsApi.did("cygno", "run2026.raw")));
        }

        private void writeAndRegisterFiles() throws IOException {
            say("Write 4 files onto LNGS_DISK at the paths Laguna gives (GET /rses/LNGS_DISK/lfns2pfns) and register their replicas");
            lfns = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                lfns.add("cygno:raw_" + i + ".dat");
            }
            pfns = root.rses().lfns2pfns("LNGS_DISK", lfns, "file");
            files = new ArrayList<>();
            for (String lfn : lfns) {
                String pfn = pfns.get(lfn).asText();
                byte[] content = ("event data of " + lfn + "\n").repeat(100).getBytes(StandardCharsets.UTF_8);
                Path path = Path.of(pfn.substring("file://localhost".length()));
                Files.createDirectories(path.getParent());
                Files.write(path, content);
                Map<String, Object> file = new LinkedHashMap<>();
                file.put("scope", "cygno");
                file.put("name", lfn.substring("cygno:".length()));
                file.put("bytes", content.length);
                file.put("adler32", adler32(content));
                file.put("md5", md5(content));
                files.add(file);
                show(lfn, pfn);
            }
            root.replicas().add("LNGS_DISK", files);
            root.dids().attach("cygno", "run2026.raw", files.stream().map(f -> DidsApi.did("cygno", (String) f.get("name"))).toList());
        }

        private void tapeCopy() throws IOException {
            say("A second copy of raw_1.dat on CNAF_TAPE");
            Map<String, Object> copy = new LinkedHashMap<>(files.getFirst());
            String tapeCopy = root.rses().lfns2pfns("CNAF_TAPE", List.of(lfns.getFirst()), "file").get(lfns.getFirst()).asText();
            Path tapeCopyPath = Path.of(tapeCopy.substring("file://localhost".length()));
            Files.createDirectories(tapeCopyPath.getParent());
            Files.copy(Path.of(pfns.get(lfns.getFirst()).asText().substring("file://localhost".length())), tapeCopyPath);
            root.replicas().add("CNAF_TAPE", List.of(copy));
            show(lfns.getFirst(), tapeCopy);
        }

        private void rules() {
            say("Rules: keep the raw dataset on LNGS_DISK (its data is there already, so the rule is OK at once)");
            String keep = root.rules().add(Map.of("dids", List.of(DidsApi.did("cygno", "run2026.raw")), "copies", 1,
                    "rse_expression", "LNGS_DISK")).getFirst();
            showRule(root, keep);
            usageBefore = usage(root, "CNAF_TAPE", third);
            say("and two copies on tier=1 (CNAF_TAPE and " + third + "; CNAF_TAPE holds raw_1.dat already): the rule is REPLICATING "
                    + "with queued transfers");
            archive = root.rules().add(Map.of("dids", List.of(DidsApi.did("cygno", "run2026.raw")), "copies", 2,
                    "rse_expression", "tier=1", "activity", "Data Consolidation")).getFirst();
            showRule(root, archive);
            JsonNode analysis = root.rules().analysis(archive);
            analysis.path("transfers").forEach(t -> show(t.path("name").asText() + " -> " + t.path("rse").asText(),
                    "request " + t.path("request_state").asText() + ", sources " + t.path("sources").findValuesAsText("rse")));
            say("The conveyor copies the files to CNAF_TAPE and " + third + ", verifying their adler32, and the rule becomes OK");
            awaitRule(root, archive, "OK");
            showRule(root, archive);
            show("files in " + third + "'s storage", String.valueOf(countFiles(thirdDir)));
            showUsage(root, "CNAF_TAPE", third);
        }

        private void metadata() {
            say("Set metadata (fixed columns and free keys) and search by it");
            root.dids().setMeta("cygno", "run2026.raw", "run_number", 2026);
            root.dids().setMeta("cygno", "run2026.raw", "detector", "LIME");
            root.dids().setMeta("cygno", "run2026.raw", "gas_mixture", "He/CF4");
            JsonNode meta = root.dids().meta("cygno", "run2026.raw", "ALL");
            show("meta", List.of("run_number", "detector", "gas_mixture", "length", "bytes").stream()
                    .map(k -> k + "=" + meta.path(k).asText()).collect(Collectors.joining(", ")));
            show("search run_number>2000", root.dids().search("cygno", List.of(Map.of("name", "*", "run_number.gt", 2000)), "all", false)
                    .map(n -> n.isTextual() ? n.asText() : n.path("name").asText()).collect(Collectors.joining(", ")));
            show("search detector=LIME", root.dids().search("cygno", List.of(Map.of("name", "*", "detector", "LIME")), "all", false)
                    .map(n -> n.isTextual() ? n.asText() : n.path("name").asText()).collect(Collectors.joining(", ")));
        }

        private void listReplicas() {
            say("List the replicas of the whole container, with PFNs per RSE (POST /replicas/list, streamed)");
            root.replicas().list(List.of(DidsApi.did("cygno", "run2026")), null, null, false).forEach(file ->
                    show(file.get("scope").asText() + ":" + file.get("name").asText(), file.get("rses").toString()));
            show("files", root.dids().files("cygno", "run2026").count() + " files in cygno:run2026");
        }

        private void closeDataset() {
            say("Close the dataset: attaching more is refused");
            root.dids().setOpen("cygno", "run2026.raw", false);
            try {
                root.replicas().add("LNGS_DISK", List.of(Map.of("scope", "cygno", "name", "late.dat", "bytes", 1)));
                root.dids().attach("cygno", "run2026.raw", List.of(DidsApi.did("cygno", "late.dat")));
                show("unexpected", "attach to a closed dataset was accepted");
            } catch (LagunaException expected) {
                show("refused", expected.getMessage() + " (" + expected.code().rucioClass() + ")");
            }
        }

        private void userPermissions() {
            say("jdoe may write in user.jdoe but not in cygno");
            try (LagunaClient jdoe = new LagunaClient(new ClientConfig(url, "jdoe", "jdoe", "jdoe-secret", "def"))) {
                jdoe.dids().add("user.jdoe", "my.analysis", "DATASET", 86_400L, false, Map.of());
                show("user.jdoe:my.analysis", "created (expires in one day)");
                try {
                    jdoe.dids().add("cygno", "not.mine", "DATASET", null, false, Map.of());
                } catch (LagunaException expected) {
                    show("refused", expected.getMessage() + " (" + expected.code().rucioClass() + ")");
                }
            }
        }

        private void loseAndRepairTapeCopy() throws IOException {
            say("Remove the tape copy of raw_1.dat behind Laguna's back, then declare it bad; listing with all states shows it");
            String tapePfn = root.replicas().list(List.of(DidsApi.did("cygno", "raw_1.dat")), null, "CNAF_TAPE", false)
                    .findFirst().orElseThrow().path("rses").path("CNAF_TAPE").get(0).asText();
            lost = Path.of(tapePfn.substring("file://localhost".length()));
            Files.delete(lost);
            show("deleted from disk", lost.toString());
            root.replicas().declareBad(List.of(tapePfn), "demo: the file is gone from the tape buffer");
            showRaw1States();

            say("The judge-repairer queues a new copy from LNGS_DISK and the conveyor makes it: the tier=1 rule is OK again");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!root.replicas().list(List.of(DidsApi.did("cygno", "raw_1.dat")), null, "CNAF_TAPE", true).findFirst()
                    .map(f -> f.path("states").path("CNAF_TAPE").asText()).orElse("").equals("AVAILABLE") && System.nanoTime() < deadline) {
                sleep();
            }
            awaitRule(root, archive, "OK");
            showRaw1States();
            show("back on disk", lost + (Files.exists(lost) ? " (" + Files.size(lost) + " bytes)" : " (missing)"));
            showRule(root, archive);
        }

        private void showRaw1States() {
            root.replicas().list(List.of(DidsApi.did("cygno", "raw_1.dat")), null, null, true).forEach(file ->
                    show("cygno:raw_1.dat states", file.get("states").toString()));
        }

        private void expireAndDelete() {
            say("Let the tier=1 rule expire: the judge-cleaner removes it and the reaper deletes the copies from CNAF_TAPE and "
                    + third + " (greedyDeletion=true)");
            Path tape = rseDirs.get("CNAF_TAPE");
            show("files on CNAF_TAPE / " + third + " before", countFiles(tape) + " / " + countFiles(thirdDir));
            root.rses().setAttribute("CNAF_TAPE", "greedyDeletion", true);
            root.rses().setAttribute(third, "greedyDeletion", true);
            root.rules().update(archive, Map.of("lifetime", 0));
            long until = System.nanoTime() + 40_000_000_000L;
            while ((countFiles(tape) > 0 || countFiles(thirdDir) > 0) && System.nanoTime() < until) {
                sleep();
            }
            show("files on CNAF_TAPE / " + third + " after", countFiles(tape) + " / " + countFiles(thirdDir));
            show("rules on cygno:run2026.raw", root.rules().ofDid("cygno", "run2026.raw").map(r -> r.path("rse_expression").asText())
                    .collect(Collectors.joining(", ")));
            Map<String, long[]> usageAfter = usage(root, "CNAF_TAPE", third);
            for (String rse : List.of("CNAF_TAPE", third)) {
                long[] before = usageBefore.get(rse);
                long[] after = usageAfter.get(rse);
                show("usage of " + rse + " before the rule / now", before[0] + " files, " + before[1] + " bytes / " + after[0] + " files, "
                        + after[1] + " bytes" + (rse.equals(third) ? "" : " (the copy of raw_1.dat made before the rule was not protected by "
                        + "any rule either, so greedy deletion took it too)"));
            }
        }
    }

    /** Files and bytes Laguna counts on each RSE (usage source rucio). */
    private static Map<String, long[]> usage(LagunaClient root, String... rses) {
        Map<String, long[]> usage = new LinkedHashMap<>();
        for (String rse : rses) {
            long[] counted = {0, 0};
            try (Stream<JsonNode> rows = root.rses().usage(rse)) {
                rows.filter(u -> u.path("source").asText().equals("rucio")).forEach(u -> {
                    counted[0] = u.path("files").asLong();
                    counted[1] = u.path("used").asLong();
                });
            }
            usage.put(rse, counted);
        }
        return usage;
    }

    private void showUsage(LagunaClient root, String... rses) {
        usage(root, rses).forEach((rse, counted) -> show("usage of " + rse, counted[0] + " files, " + counted[1] + " bytes"));
    }

    private static long countFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void awaitRule(LagunaClient root, String id, String state) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!root.rules().get(id).path("state").asText().equals(state) && System.nanoTime() < deadline) {
            sleep();
        }
    }

    private void showRule(LagunaClient root, String id) {
        JsonNode rule = root.rules().get(id);
        show("rule " + id, rule.path("scope").asText() + ":" + rule.path("name").asText() + " on " + rule.path("rse_expression").asText()
                + " x" + rule.path("copies").asText() + ": " + rule.path("state").asText() + ", locks OK " + rule.path("locks_ok_cnt").asText()
                + " / replicating " + rule.path("locks_replicating_cnt").asText() + " / stuck " + rule.path("locks_stuck_cnt").asText());
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void say(String text) {
        out.println();
        out.println("[" + (++step) + "] " + text);
    }

    private void show(String label, String value) {
        out.println("    " + label + ": " + value);
    }

    static String adler32(byte[] content) {
        Adler32 adler = new Adler32();
        adler.update(content);
        return String.format("%08x", adler.getValue());
    }

    static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
