package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.AUTHENTICATED;
import static org.laguna.server.testing.authz.Access.OWNER;
import static org.laguna.server.testing.authz.Fixtures.expect;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;
import java.util.Map;

/** Archives, metadata of many DIDs, the metalink redirect and DIRAC's bulk add: the owner is the account owning the scope. */
final class ArchiveAndDiracRows {
    private ArchiveAndDiracRows() {
    }

    static List<MatrixEntry> entries() {
        return List.of(
                row("POST /dids/<rest>", "add files to archive", OWNER, f -> {
                    String archive = f.fresh("bundle.") + ".zip";
                    expect(f.root().post("/replicas", Map.of("rse", f.rse(), "files", List.of(Map.of("scope", f.scope(), "name", archive,
                            "bytes", 10, "adler32", "0000000a")))), "archive " + archive);
                    return Call.of("/dids/" + f.scope() + "/" + archive + "/dids", Map.of("dids", List.of(Map.of("scope", f.scope(),
                            "name", f.fresh("inside."), "bytes", 1))));
                }),
                row("GET /archives/<rest>", AUTHENTICATED, f -> Call.of("/archives/" + f.scope() + "/none.zip/files")),
                row("POST /dids/<rest>", "bulkdidsmeta", OWNER, f -> Call.of("/dids/bulkdidsmeta", Map.of("dids",
                        List.of(Map.of("scope", f.scope(), "name", f.dataset(), "meta", Map.of("project", "matrix")))))),
                row("GET /redirect/{scope}/{name}/metalink", AUTHENTICATED, f -> Call.of("/redirect/" + f.scope() + "/" + f.file()
                        + "/metalink?schemes=file")),
                row("POST /dirac/addfiles", OWNER, f -> {
                    // DIRAC's datasets get a rule on ANY=true; the top directory is in the owner's scope too
                    f.root().post("/rses/" + f.rse() + "/attr/ANY", Map.of("value", true));
                    f.root().post("/accounts/root/limits/local/" + f.rse(), Map.of("bytes", 1_000_000_000L));
                    String lfn = "/" + f.scope() + "/" + f.scope() + "/" + f.fresh("dir") + "/" + f.fresh("f");
                    return Call.of("/dirac/addfiles", Map.of("lfns", List.of(Map.of("lfn", lfn, "rse", f.rse(), "bytes", 1,
                            "adler32", "00000001"))));
                }));
    }
}
