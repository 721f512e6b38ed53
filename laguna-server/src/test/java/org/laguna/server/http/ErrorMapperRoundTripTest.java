package org.laguna.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.javalin.Javalin;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.client.ClientConfig;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Every error code the server raises reaches Laguna's client as the same code, including codes
 * that share a Rucio class with another (a checksum mismatch is not a generic consistency
 * mismatch), while Rucio clients still get the Rucio class they know.
 */
class ErrorMapperRoundTripTest {
    private static Javalin app;
    private static LagunaClient client;

    @BeforeAll
    static void start() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.exception(Exception.class, ErrorMapper::handle);
            config.routes.get("/auth/userpass", ctx -> ctx.header("X-Rucio-Auth-Token", "a-token"));
            config.routes.get("/raise/{code}", ctx -> {
                throw new LagunaException(ErrorCode.valueOf(ctx.pathParam("code")), "raised " + ctx.pathParam("code"));
            });
            config.routes.post("/raise/{code}", ctx -> {
                throw new LagunaException(ErrorCode.valueOf(ctx.pathParam("code")), "raised " + ctx.pathParam("code"));
            });
        }).start("127.0.0.1", 0);
        client = new LagunaClient(new ClientConfig("http://127.0.0.1:" + app.port(), "root", "root", "secret", "def"));
    }

    @AfterAll
    static void stop() {
        client.close();
        app.stop();
    }

    @Test
    void everyCodeRaisedByTheServerComesBackAsTheSameCodeInTheClient() {
        for (ErrorCode code : ErrorCode.values()) {
            LagunaException read = catchThrowableOfType(LagunaException.class, () -> client.get("/raise/" + code.name()));
            assertThat(read.code()).as(code.name()).isEqualTo(code);
            assertThat(read.getMessage()).as(code.name()).isEqualTo("raised " + code.name());
            assertThat(read.outcomeUnknown()).as(code.name()).isFalse();
        }
    }

    @Test
    void aChecksumMismatchIsToldApartFromAConsistencyMismatchThoughRucioSeesTheSameClass() {
        LagunaException checksum = catchThrowableOfType(LagunaException.class, () -> client.get("/raise/CHECKSUM_MISMATCH"));
        LagunaException consistency = catchThrowableOfType(LagunaException.class, () -> client.get("/raise/FILE_CONSISTENCY_MISMATCH"));
        assertThat(checksum.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
        assertThat(consistency.code()).isEqualTo(ErrorCode.FILE_CONSISTENCY_MISMATCH);
        assertThat(checksum.code().rucioClass()).isEqualTo("FileConsistencyMismatch");
    }

    @Test
    void aServerErrorAnsweringAChangeLeavesItsOutcomeUnknown() {
        LagunaException failed = catchThrowableOfType(LagunaException.class, () -> client.post("/raise/DATABASE_ERROR", Map.of()));
        assertThat(failed.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
        assertThat(failed.outcomeUnknown()).isTrue();
        assertThat(failed.getMessage()).contains("the outcome of this POST is unknown");

        LagunaException refused = catchThrowableOfType(LagunaException.class, () -> client.post("/raise/RSE_NOT_FOUND", Map.of()));
        assertThat(refused.outcomeUnknown()).isFalse();
    }
}
