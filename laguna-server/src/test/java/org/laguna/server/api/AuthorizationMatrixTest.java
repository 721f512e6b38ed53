package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.laguna.server.testing.TestServer;
import org.laguna.server.testing.authz.Access;
import org.laguna.server.testing.authz.AuthorizationMatrix;
import org.laguna.server.testing.authz.Call;
import org.laguna.server.testing.authz.Fixtures;
import org.laguna.server.testing.authz.MatrixEntry;
import org.laguna.server.testing.authz.RestApiMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route the server registers, called as root, as the owner of the object, as another
 * account and without a valid token, answers as the generic permission policy says.
 */
class AuthorizationMatrixTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRouteAnswersEveryCallerAsThePolicySays() {
        List<String> routes = server.routes().stream().map(Object::toString).toList();
        AuthorizationMatrix matrix = new AuthorizationMatrix(RestApiMatrix.entries(), RestApiMatrix.KNOWN_ELSEWHERE);

        AuthorizationMatrix.Report report = matrix.run(Fixtures.create(server.url(), server.root()), routes);

        assertThat(report.clean()).as("authorization matrix:\n%s", report.describe()).isTrue();
    }

    @Test
    void aRouteWithoutARowIsNamedAndARowWithoutARouteToo() {
        AuthorizationMatrix matrix = new AuthorizationMatrix(
                List.of(new MatrixEntry("GET /rses", "", Access.AUTHENTICATED, f -> Call.of("/rses"))), Set.of("GET /metrics"));

        AuthorizationMatrix.Report report = matrix.coverage(List.of("GET /metrics", "GET /rses", "POST /brand-new"));

        assertThat(report.describe()).isEqualTo("route POST /brand-new has no expected permission\n");
        assertThat(matrix.coverage(List.of("GET /metrics")).describe())
                .isEqualTo("matrix row for GET /rses names no registered route\n");
    }
}
