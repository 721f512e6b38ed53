package org.laguna.server.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link TestServer} per test class: a {@code @BeforeAll} method (or a test) of a class annotated
 * {@code @ExtendWith(ServerPerClass.class)} that takes a {@link TestServer} parameter gets the class's server, started on
 * first use and closed after the class's {@code @AfterAll} methods.
 */
public final class ServerPerClass implements ParameterResolver, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServerPerClass.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return classContext(context).getStore(NAMESPACE).computeIfAbsent(TestServer.class, key -> TestServer.start(), TestServer.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestServer server = context.getStore(NAMESPACE).remove(TestServer.class, TestServer.class);
        if (server != null) {
            server.close();
        }
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}
