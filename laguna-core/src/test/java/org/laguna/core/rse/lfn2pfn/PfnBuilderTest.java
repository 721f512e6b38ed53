package org.laguna.core.rse.lfn2pfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class PfnBuilderTest {
    private static final String PATH = "mock/ca/2a/file";

    private static PfnBuilder protocol(String impl, String scheme, String hostname, int port, String prefix) {
        return PfnBuilder.forProtocol(impl, scheme, hostname, port, prefix, null);
    }

    @Test
    void posixLeavesThePortOut() {
        PfnBuilder posix = protocol("rucio.rse.protocols.posix.Default", "file", "localhost", 0, "/tmp/rse1/");
        assertThat(posix.pfn(PATH)).isEqualTo("file://localhost/tmp/rse1/mock/ca/2a/file");
        assertThat(posix.pfn(Lfn2PfnAlgorithm.HASH, "mock", "file")).isEqualTo("file://localhost/tmp/rse1/mock/ca/2a/file");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"/tmp/rse1/", "/tmp/rse1", "tmp/rse1/", "tmp/rse1"})
    void thePrefixGetsOneLeadingAndOneTrailingSlash(String prefix) {
        PfnBuilder posix = protocol("rucio.rse.protocols.posix.Symlink", "file", "localhost", 0, prefix);
        assertThat(posix.normalisedPrefix()).isEqualTo("/tmp/rse1/");
        assertThat(posix.pfn(PATH)).isEqualTo("file://localhost/tmp/rse1/" + PATH);
    }

    @Test
    void doubleSlashesInThePrefixAreKeptAsRucioKeepsThem() {
        assertThat(protocol("rucio.rse.protocols.xrootd.Default", "root", "xrd1", 1094, "//rucio").pfn(PATH))
                .isEqualTo("root://xrd1:1094//rucio/" + PATH);
        assertThat(protocol("rucio.rse.protocols.webdav.Default", "https", "h", 443, "/a//b/").pfn(PATH))
                .isEqualTo("https://h:443/a//b/" + PATH);
    }

    @Test
    void anEmptyPrefixIsTheRoot() {
        assertThat(protocol("rucio.rse.protocols.webdav.Default", "https", "h", 443, "").pfn(PATH)).isEqualTo("https://h:443/" + PATH);
        assertThat(protocol("rucio.rse.protocols.webdav.Default", "https", "h", 443, null).pfn(PATH)).isEqualTo("https://h:443/" + PATH);
    }

    @Test
    void theStandardStyleAlwaysWritesThePort() {
        assertThat(protocol("rucio.rse.protocols.webdav.Default", "https", "mock.com", 2880, "/pnfs/rucio/disk-only/scratchdisk/")
                .pfn(PATH)).isEqualTo("https://mock.com:2880/pnfs/rucio/disk-only/scratchdisk/" + PATH);
        assertThat(protocol("rucio.rse.protocols.webdav.Default", "davs", "dav.example.org", 0, "/data").pfn(PATH))
                .isEqualTo("davs://dav.example.org:0/data/" + PATH);
        assertThat(protocol("rucio.rse.protocols.mock.Default", "mock", "localhost", 0, "/tmp/rucio_rse/").pfn(PATH))
                .isEqualTo("mock://localhost:0/tmp/rucio_rse/" + PATH);
    }

    @Test
    void gfalWritesThePortUnlessItIsZero() {
        assertThat(protocol("rucio.rse.protocols.gfal.Default", "davs", "web1", 443, "/rucio").pfn(PATH))
                .isEqualTo("davs://web1:443/rucio/" + PATH);
        assertThat(protocol("rucio.rse.protocols.gfal.Default", "davs", "web1", 0, "/rucio").pfn(PATH))
                .isEqualTo("davs://web1/rucio/" + PATH);
    }

    @Test
    void s3ThroughGfalIsHostPortAndBucket() {
        assertThat(protocol("rucio.rse.protocols.gfal.NoRename", "s3", "minio", 9000, "bucket").pfn(PATH))
                .isEqualTo("s3://minio:9000/bucket/" + PATH);
        assertThat(protocol("rucio.rse.protocols.gfal.NoRename", "https", "s3.example.org", 443, "/bucket/rucio/").pfn(PATH))
                .isEqualTo("https://s3.example.org:443/bucket/rucio/" + PATH);
    }

    @Test
    void gfalAddsTheWebServicePathAndDropsASchemeFromTheHostname() {
        Map<String, Object> srm = Map.of("web_service_path", "/srm/managerv2?SFN=");
        assertThat(PfnBuilder.forProtocol("rucio.rse.protocols.gfal.Default", "srm", "srm.example.org", 8443, "/pnfs/x", srm)
                .pfn(PATH)).isEqualTo("srm://srm.example.org:8443/srm/managerv2?SFN=/pnfs/x/" + PATH);
        assertThat(protocol("rucio.rse.protocols.gfal.Default", "srm", "srm://atlassrm-fzk.gridka.de", 8443, "/pnfs").pfn(PATH))
                .isEqualTo("srm://atlassrm-fzk.gridka.de:8443/pnfs/" + PATH);
    }

    @Test
    void gfalTreatsLeadingSlashesAndUrlsInThePathItsOwnWay() {
        PfnBuilder davs = protocol("rucio.rse.protocols.gfal.Default", "davs", "h", 443, "/p");
        assertThat(davs.pfn("/explicit/path")).isEqualTo("davs://h:443/p/explicit/path");
        assertThat(davs.pfn("https://elsewhere:443/x")).isEqualTo("https://elsewhere:443/x");
        // with port 0 Rucio does not recognise a URL and appends it
        assertThat(protocol("rucio.rse.protocols.gfal.Default", "davs", "h", 0, "/p").pfn("https://elsewhere/x"))
                .isEqualTo("davs://h/p/https://elsewhere/x");
        assertThat(protocol("rucio.rse.protocols.gfal.Default", "root", "xrd", 1094, "//rucio").pfn("/explicit"))
                .isEqualTo("root://xrd:1094//rucio//explicit");
    }

    @Test
    void stylesThatStripOneLeadingSlashFromAPath() {
        assertThat(protocol("rucio.rse.protocols.webdav.Default", "https", "h", 443, "/p").pfn("//two")).isEqualTo("https://h:443/p//two");
        assertThat(protocol("rucio.rse.protocols.posix.Default", "file", "localhost", 0, "/p").pfn("/one")).isEqualTo("file://localhost/p/one");
        assertThat(protocol("rucio.rse.protocols.globus.GlobusRSEProtocol", "globus", "ep", 0, "/p").pfn("/one")).isEqualTo("/p/one");
    }

    @Test
    void xrootdKeepsAPathsLeadingSlash() {
        PfnBuilder xrootd = protocol("rucio.rse.protocols.xrootd.Default", "root", "xrd1", 1094, "//rucio");
        assertThat(xrootd.pfn("/explicit")).isEqualTo("root://xrd1:1094//rucio//explicit");
    }

    @Test
    void sshPutsTheUserBeforeTheHost() {
        Map<String, Object> user = Map.of("user", "rucio");
        assertThat(PfnBuilder.forProtocol("rucio.rse.protocols.ssh.Default", "scp", "ssh1", 22, "/rucio", user).pfn(PATH))
                .isEqualTo("scp://rucio@ssh1:22/rucio/" + PATH);
        assertThat(protocol("rucio.rse.protocols.ssh.Rsync", "rsync", "ssh1", 22, "/rucio").pfn(PATH))
                .isEqualTo("rsync://ssh1:22/rucio/" + PATH);
    }

    @Test
    void stormAlwaysWritesTheStormScheme() {
        assertThat(protocol("rucio.rse.protocols.storm.Default", "file", "storm.example.org", 8444, "/data").pfn(PATH))
                .isEqualTo("storm://storm.example.org:8444/data/" + PATH);
    }

    @Test
    void globusGivesOnlyThePath() {
        assertThat(protocol("rucio.rse.protocols.globus.GlobusRSEProtocol", "globus", "endpoint", 0, "/~/rucio").pfn(PATH))
                .isEqualTo("/~/rucio/" + PATH);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', nullValues = "NULL", value = {
            "rucio.rse.protocols.posix.Default;POSIX",
            "rucio.rse.protocols.posix.Symlink;POSIX",
            "rucio.rse.protocols.gfal.Default;GFAL",
            "rucio.rse.protocols.gfal.NoRename;GFAL",
            "rucio.rse.protocols.gfal.CLI;GFAL",
            "rucio.rse.protocols.xrootd.Default;XROOTD",
            "rucio.rse.protocols.ssh.Rsync;SSH",
            "rucio.rse.protocols.storm.Default;STORM",
            "rucio.rse.protocols.globus.GlobusRSEProtocol;GLOBUS",
            "rucio.rse.protocols.webdav.Default;STANDARD",
            "rucio.rse.protocols.mock.Default;STANDARD",
            "rucio.rse.protocols.srm.Default;STANDARD",
            "atlas_rucio_policy.protocols.Custom;STANDARD",
            "posix;STANDARD",
            "NULL;STANDARD"})
    void theStyleFollowsTheImplementationModule(String impl, PfnStyle style) {
        assertThat(PfnStyle.forImpl(impl)).isEqualTo(style);
    }

    @Test
    void withoutAnImplementationOnlyTheFileSchemeDropsThePort() {
        assertThat(PfnStyle.forScheme("file")).isEqualTo(PfnStyle.POSIX);
        assertThat(PfnStyle.forScheme("davs")).isEqualTo(PfnStyle.STANDARD);
    }

    @Test
    void extendedAttributesMayHoldNullsAndAreCopied() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("web_service_path", null);
        PfnBuilder builder = PfnBuilder.forProtocol("rucio.rse.protocols.gfal.Default", "davs", "h", 443, "/p", attributes);
        attributes.put("web_service_path", "/changed");
        assertThat(builder.pfn(PATH)).isEqualTo("davs://h:443/p/" + PATH);
    }

    @Test
    void aProtocolNeedsASchemeAndAPortInRange() {
        assertThatThrownBy(() -> protocol(null, "", "h", 1, "/")).isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_OBJECT));
        assertThatThrownBy(() -> protocol(null, "https", "h", 70000, "/")).hasMessageContaining("70000");
        assertThatThrownBy(() -> protocol(null, "https", "h", -1, "/")).hasMessageContaining("-1");
    }

    @Test
    void aMissingHostnameIsEmpty() {
        assertThat(protocol("rucio.rse.protocols.posix.Default", "file", null, 0, "/p").pfn("f")).isEqualTo("file:///p/f");
    }
}
