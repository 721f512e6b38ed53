package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.ADMIN;
import static org.laguna.server.testing.authz.Access.AUTHENTICATED;
import static org.laguna.server.testing.authz.Access.OPEN;
import static org.laguna.server.testing.authz.Access.OWNER;
import static org.laguna.server.testing.authz.Fixtures.expect;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;
import java.util.Map;

/** DIDs and replicas: the owner is the account owning the scope. */
final class DidRows {
    private DidRows() {
    }

    static List<MatrixEntry> entries() {
        return List.of(
                row("POST /dids", OWNER, f -> Call.of("/dids", List.of(Map.of("scope", f.scope(), "name", f.fresh("ds."), "type", "DATASET")))),
                row("POST /dids", "for another account", ADMIN, f -> Call.of("/dids", List.of(Map.of("scope", f.scope(),
                        "name", f.fresh("ds."), "type", "DATASET", "account", f.other())))),
                row("GET /dids/<rest>", "list scope", AUTHENTICATED, f -> Call.of("/dids/" + f.scope() + "/")),
                row("GET /dids/<rest>", "search", AUTHENTICATED, f -> Call.of("/dids/" + f.scope() + "/dids/search")),
                row("GET /dids/<rest>", "did", AUTHENTICATED, f -> Call.of("/dids/" + f.scope() + "/" + f.dataset())),
                row("GET /dids/<rest>", "content", AUTHENTICATED, f -> Call.of("/dids/" + f.scope() + "/" + f.dataset() + "/dids")),
                row("GET /dids/<rest>", "files", AUTHENTICATED, f -> Call.of("/dids/" + f.scope() + "/" + f.dataset() + "/files")),
                row("GET /dids/<rest>", "parents", AUTHENTICATED, f -> Call.of("/dids/" + f.scope() + "/" + f.file() + "/parents")),
                row("GET /dids/<rest>", "meta", AUTHENTICATED, f -> Call.of("/dids/" + f.scope() + "/" + f.dataset() + "/meta")),
                row("GET /dids/<rest>", "rules", AUTHENTICATED, f -> Call.of("/dids/" + f.scope() + "/" + f.dataset() + "/rules")),
                row("POST /dids/<rest>", "add", OWNER, f -> Call.of("/dids/" + f.scope() + "/" + f.fresh("ds."), Map.of("type", "DATASET"))),
                row("POST /dids/<rest>", "attach", OWNER, f -> Call.of("/dids/" + f.scope() + "/" + f.freshDataset() + "/dids",
                        Map.of("dids", List.of(f.did(f.file()))))),
                row("POST /dids/<rest>", "attachments", OWNER, f -> Call.of("/dids/attachments", List.of(Map.of("scope", f.scope(),
                        "name", f.freshDataset(), "dids", List.of(f.did(f.file())))))),
                row("POST /dids/<rest>", "meta", OWNER, f -> Call.of("/dids/" + f.scope() + "/" + f.dataset() + "/meta",
                        Map.of("meta", Map.of("project", "matrix")))),
                row("POST /dids/<rest>", "meta key", OWNER, f -> Call.of("/dids/" + f.scope() + "/" + f.dataset() + "/meta/project",
                        Map.of("value", "matrix"))),
                row("PUT /dids/<rest>", "close", OWNER, f -> Call.of("/dids/" + f.scope() + "/" + f.freshDataset() + "/status",
                        Map.of("open", false))),
                row("PUT /dids/<rest>", "reopen", ADMIN, f -> {
                    String dataset = f.freshDataset();
                    expect(f.root().put("/dids/" + f.scope() + "/" + dataset + "/status", Map.of("open", false)), "close");
                    return Call.of("/dids/" + f.scope() + "/" + dataset + "/status", Map.of("open", true));
                }),
                row("DELETE /dids/<rest>", "detach", OWNER, f -> {
                    String dataset = f.freshDataset();
                    expect(f.root().post("/dids/" + f.scope() + "/" + dataset + "/dids", Map.of("dids", List.of(f.did(f.file())))), "attach");
                    return Call.of("/dids/" + f.scope() + "/" + dataset + "/dids", Map.of("dids", List.of(f.did(f.file()))));
                }),
                row("DELETE /dids/<rest>", "meta", OWNER, f -> {
                    String dataset = f.freshDataset();
                    expect(f.root().post("/dids/" + f.scope() + "/" + dataset + "/meta/matrixkey", Map.of("value", "x")), "metadata");
                    return Call.of("/dids/" + f.scope() + "/" + dataset + "/meta?key=matrixkey");
                }),
                row("POST /replicas", OWNER, f -> Call.of("/replicas", Map.of("rse", f.rse(), "files", List.of(Map.of("scope", f.scope(),
                        "name", f.fresh("file."), "bytes", 1, "adler32", "00000001"))))),
                row("POST /replicas", "ignoring availability (only for those allowed to, as in Rucio)", OWNER, f -> Call.of("/replicas", Map.of("rse", f.rse(),
                        "ignore_availability", true, "files", List.of(Map.of("scope", f.scope(), "name", f.fresh("file."), "bytes", 1,
                        "adler32", "00000001"))))),
                row("PUT /replicas", OWNER, f -> Call.of("/replicas", Map.of("rse", f.rse(), "files", List.of(Map.of("scope", f.scope(),
                        "name", f.file(), "state", "A"))))),
                row("DELETE /replicas", OWNER, f -> Call.of("/replicas", Map.of("rse", f.rse(), "files", List.of(f.did(f.freshFile()))))),
                row("POST /replicas/list", AUTHENTICATED, f -> Call.of("/replicas/list", Map.of("dids", List.of(f.did(f.file()))))),
                row("GET /replicas/{scope}/{name}", AUTHENTICATED, f -> Call.of("/replicas/" + f.scope() + "/" + f.file())),
                row("GET /replicas/{scope}/{name}/datasets", AUTHENTICATED, f -> Call.of("/replicas/" + f.scope() + "/" + f.dataset()
                        + "/datasets")),
                row("POST /replicas/bad", ADMIN, f -> Call.of("/replicas/bad", Map.of("reason", "matrix",
                        "replicas", List.of(Map.of("scope", f.scope(), "name", f.freshFile(), "rse", f.rse()))))),
                row("POST /replicas/suspicious", AUTHENTICATED, f -> Call.of("/replicas/suspicious", Map.of("reason", "matrix",
                        "pfns", List.of("file://localhost/nowhere/" + f.fresh("file."))))),
                row("GET /replicas/suspicious", AUTHENTICATED, f -> Call.of("/replicas/suspicious")),
                row("POST /replicas/tombstone", ADMIN, f -> Call.of("/replicas/tombstone", Map.of("replicas",
                        List.of(Map.of("scope", f.scope(), "name", f.freshFile(), "rse", f.rse()))))),
                row("POST /traces", OPEN, f -> Call.of("/traces", Map.of("eventType", "download", "clientState", "DONE",
                        "scope", f.scope(), "filename", f.file(), "remoteSite", f.rse()))),
                row("GET /redirect/{scope}/{name}", AUTHENTICATED, f -> Call.of("/redirect/" + f.scope() + "/" + f.file() + "?schemes=file,root,davs")),
                row("GET /dids/<rest>", "followers", AUTHENTICATED, f -> Call.of("/dids/" + f.scope() + "/" + f.dataset() + "/follow")),
                row("POST /dids/<rest>", "follow", OWNER, f -> Call.of("/dids/" + f.scope() + "/" + f.dataset() + "/follow",
                        Map.of("account", f.owner()))),
                row("DELETE /dids/<rest>", "follow", OWNER, f -> {
                    String dataset = f.freshDataset();
                    expect(f.root().post("/dids/" + f.scope() + "/" + dataset + "/follow", Map.of("account", f.owner())), "follow");
                    return Call.of("/dids/" + f.scope() + "/" + dataset + "/follow", Map.of("account", f.owner()));
                }),
                row("POST /dids/<rest>", "sample", OWNER, f -> Call.of("/dids/sample", Map.of("input_scope", f.scope(),
                        "input_name", f.dataset(), "output_scope", f.scope(), "output_name", f.fresh("sample."), "nbfiles", 1))),
                row("POST /dids/<rest>", "bulkmeta", AUTHENTICATED, f -> Call.of("/dids/bulkmeta",
                        Map.of("dids", List.of(f.did(f.dataset()))))),
                row("POST /replicas/datasets_bulk", AUTHENTICATED, f -> Call.of("/replicas/datasets_bulk",
                        Map.of("dids", List.of(f.did(f.dataset()))))),
                row("GET /replicas/bad/states", AUTHENTICATED, f -> Call.of("/replicas/bad/states")),
                row("GET /replicas/bad/summary", AUTHENTICATED, f -> Call.of("/replicas/bad/summary")),
                row("POST /replicas/import", OWNER, f -> Call.raw("/replicas/import?rse=" + f.rse() + "&dry_run=true",
                        "{\"scope\":\"" + f.scope() + "\",\"name\":\"" + f.fresh("import.") + "\",\"bytes\":1}\n")));
    }
}
