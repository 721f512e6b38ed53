package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;
import org.laguna.server.testing.authz.Access;
import org.laguna.server.testing.authz.AuthorizationMatrix;
import org.laguna.server.testing.authz.Call;
import org.laguna.server.testing.authz.Fixtures;
import org.laguna.server.testing.authz.MatrixEntry;
import org.laguna.server.testing.authz.RestApiMatrix;

/**
 * Every route the server registers, called as root, as the owner of the object, as another
 * account and without a valid token, answers as the generic permission policy says.
 */
@ExtendWith(ServerPerClass.class)
class AuthorizationMatrixTest {
    private static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
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
