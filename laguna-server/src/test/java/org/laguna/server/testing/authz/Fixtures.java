package org.laguna.server.testing.authz;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.laguna.server.testing.Rest;

/**
 * The objects the matrix requests are about, made through the REST API as root so that the matrix
 * runs against any server: two RSEs, an owner and another USER account, the owner's scope with a
 * dataset holding one file with a replica, and a rule of the owner. Names carry a random tag, so
 * several runs can share one server. Requests that destroy their object ask for a fresh one.
 */
public final class Fixtures {
    static final String PASSWORD = "Matrix-pw-2718";

    private final String url;
    private final Rest root;
    private final String vo;
    private final String tag;
    private final AtomicInteger counter = new AtomicInteger();
    private final String owner;
    private final String other;
    private final String scope;
    private final String rse;
    private final String rse2;
    private final String dataset;
    private final String file;
    private final String ruleId;
    private final Rest ownerRest;
    private final Rest otherRest;

    private Fixtures(String url, Rest root, String vo) {
        this.url = Objects.requireNonNull(url, "url is null");
        this.root = Objects.requireNonNull(root, "root is null");
        this.vo = vo;
        SecureRandom random = new SecureRandom();
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        this.tag = letters.toString();
        this.owner = "azown" + tag;
        this.other = "azoth" + tag;
        this.scope = "user." + owner;
        this.rse = "AZ_" + tag.toUpperCase(Locale.ROOT) + "_ONE";
        this.rse2 = "AZ_" + tag.toUpperCase(Locale.ROOT) + "_TWO";
        this.dataset = "matrix.ds";
        this.file = "matrix.file";
        setUpRses();
        this.ownerRest = newUser(owner);
        this.otherRest = newUser(other);
        expect(root.post("/accounts/" + owner + "/scopes/" + scope, Map.of()), "scope");
        for (String target : List.of(rse, rse2)) {
            for (String account : List.of(owner, other)) {
                expect(root.post("/accounts/" + account + "/limits/local/" + target, Map.of("bytes", 1_000_000_000_000L)), "limit");
            }
        }
        expect(root.post("/dids/" + scope + "/" + dataset, Map.of("type", "DATASET")), "dataset");
        addReplica(file, rse);
        expect(root.post("/dids/" + scope + "/" + dataset + "/dids", Map.of("dids", List.of(did(file)))), "attach");
        this.ruleId = rule(dataset, rse2, 1, false);
    }

    /** Makes the fixtures on the server at {@code url}, as root. */
    public static Fixtures create(String url, Rest root) {
        return new Fixtures(url, root, null);
    }

    /** Makes the fixtures in a VO of a server of several VOs, as that VO's root (whose token selects the VO). */
    public static Fixtures create(String url, Rest root, String vo) {
        return new Fixtures(url, root, Objects.requireNonNull(vo, "vo is null"));
    }

    /** The names only these fixtures hold (accounts, scope, RSEs, rule), each distinctive enough to search an answer for. */
    public List<String> markers() {
        return List.of(owner, other, scope, rse, rse2, ruleId);
    }

    private void setUpRses() {
        for (String target : List.of(rse, rse2)) {
            expect(root.post("/rses/" + target, Map.of()), "RSE " + target);
            expect(root.post("/rses/" + target + "/protocols/file", Map.of("hostname", "localhost", "port", 0,
                    "prefix", "/tmp/laguna-matrix/" + target, "impl", "laguna.posix",
                    "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1, "third_party_copy_read", 1,
                            "third_party_copy_write", 1)))), "protocol");
        }
        expect(root.post("/rses/" + rse + "/distances/" + rse2, Map.of("distance", 1)), "distance");
    }

    public String owner() {
        return owner;
    }

    public String other() {
        return other;
    }

    public String scope() {
        return scope;
    }

    public String rse() {
        return rse;
    }

    public String rse2() {
        return rse2;
    }

    public String dataset() {
        return dataset;
    }

    public String file() {
        return file;
    }

    public String ruleId() {
        return ruleId;
    }

    public Rest root() {
        return root;
    }

    Rest as(Caller caller) {
        return switch (caller) {
            case ROOT -> root;
            case OWNER -> ownerRest;
            case OTHER -> otherRest;
            case NO_TOKEN -> new Rest(url, null);
            case BAD_TOKEN -> new Rest(url, "not-a-token-" + tag);
        };
    }

    /** A new unique lower-case name with the given prefix. */
    public String fresh(String prefix) {
        return prefix + tag + counter.incrementAndGet();
    }

    /** A new USER account with a USERPASS identity of its own name, logged in. */
    public Rest newUser(String account) {
        newAccount(account);
        return login(account);
    }

    /** A new USER account with a USERPASS identity of its own name and the matrix password. */
    public void newAccount(String account) {
        expect(root.post("/accounts/" + account, Map.of("type", "USER", "email", account + "@example.org")), "account " + account);
        expect(root.post("/accounts/" + account + "/identities", Map.of("identity", account, "authtype", "USERPASS",
                "password", PASSWORD, "email", account + "@example.org")), "identity of " + account);
    }

    /** Logs in an account made by {@link #newAccount}. */
    public Rest login(String account) {
        return vo == null ? Rest.login(url, account, account, PASSWORD) : Rest.login(url, account, account, PASSWORD, vo);
    }

    /** A {@code {scope, name}} reference in the owner's scope. */
    public Map<String, String> did(String name) {
        return Map.of("scope", scope, "name", name);
    }

    /** A new empty dataset in the owner's scope. */
    public String freshDataset() {
        String name = fresh("ds.");
        expect(root.post("/dids/" + scope + "/" + name, Map.of("type", "DATASET")), "dataset " + name);
        return name;
    }

    /** A new file of the owner's scope with an available replica on the first RSE. */
    public String freshFile() {
        String name = fresh("file.");
        addReplica(name, rse);
        return name;
    }

    private void addReplica(String name, String target) {
        expect(root.post("/replicas", Map.of("rse", target, "files", List.of(Map.of("scope", scope, "name", name, "bytes", 1,
                "adler32", "00000001", "state", "A")))), "replica " + name);
    }

    /** A new rule of the owner on a new dataset holding a new file with a replica on the first RSE; answers its id. */
    public String freshRule(String expression, int copies, boolean askApproval) {
        String name = freshDataset();
        expect(root.post("/dids/" + scope + "/" + name + "/dids", Map.of("dids", List.of(did(freshFile())))), "attach");
        return rule(name, expression, copies, askApproval);
    }

    /** A new satisfied rule of the owner for two copies on both RSEs, where its file already has replicas. */
    public String freshRuleOnBothRses() {
        String name = freshDataset();
        String fileName = freshFile();
        addReplica(fileName, rse2);
        expect(root.post("/dids/" + scope + "/" + name + "/dids", Map.of("dids", List.of(did(fileName)))), "attach");
        return rule(name, rse + "|" + rse2, 2, false);
    }

    /** A new locked rule of the owner (made by root) on a new dataset holding a new file; answers its id. */
    public String freshLockedRule() {
        String name = freshDataset();
        expect(root.post("/dids/" + scope + "/" + name + "/dids", Map.of("dids", List.of(did(freshFile())))), "attach");
        Rest.Response response = expect(root.post("/rules", Map.of("dids", List.of(did(name)), "account", owner, "copies", 1,
                "rse_expression", rse, "locked", true)), "locked rule");
        return response.json().get(0).asText();
    }

    private String rule(String name, String expression, int copies, boolean askApproval) {
        Rest.Response response = expect(root.post("/rules", Map.of("dids", List.of(did(name)), "account", owner, "copies", copies,
                "rse_expression", expression, "ask_approval", askApproval)), "rule");
        return response.json().get(0).asText();
    }

    /** Fails loudly when setting up a fixture did not work: the matrix would otherwise test nothing. */
    public static Rest.Response expect(Rest.Response response, String what) {
        if (response.status() >= 300) {
            throw new IllegalStateException("Setting up " + what + " failed: " + response.status() + " " + response.body());
        }
        return response;
    }
}
