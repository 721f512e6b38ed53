package org.laguna.storage.webdav;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.laguna.spi.testing.ContractRun;

/** On a machine without nginx the WebDAV tests say so: each is reported as skipped, none silently disappears. */
class WebDavWithoutNginxTest {
    @Test
    void everyTestThatNeedsNginxIsReportedSkippedAndTheOthersStillRun() {
        String before = System.getProperty(NginxDav.NGINX_PROPERTY);
        System.setProperty(NginxDav.NGINX_PROPERTY, "/nonexistent/nginx");
        Map<String, Status> outcomes;
        try {
            outcomes = ContractRun.outcomes(WebDavStorageTest.class);
        } finally {
            if (before == null) {
                System.clearProperty(NginxDav.NGINX_PROPERTY);
            } else {
                System.setProperty(NginxDav.NGINX_PROPERTY, before);
            }
        }
        assertThat(outcomes).containsEntry("writtenBytesReadBackAndStatGivesTheSize", Status.ABORTED)
                .containsEntry("listingFindsEveryObjectUnderAPrefix", Status.ABORTED)
                .containsEntry("filesLandOnTheServersDisk", Status.ABORTED)
                .containsEntry("davsPfnsMapToHttps", Status.SUCCESSFUL)
                .containsEntry("anUnreachableServerIsAClearError", Status.SUCCESSFUL);
        assertThat(outcomes.values()).doesNotContain(Status.FAILED);
        assertThat(outcomes).hasSizeGreaterThan(10);
    }
}
