package org.laguna.spi.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a test class through the JUnit platform, as the build does, and gives how each of its
 * test methods ended (SUCCESSFUL, ABORTED when an assumption skipped it, FAILED), so that a test
 * can check what a contract suite reports, not only that it does not fail.
 */
public final class ContractRun {
    private ContractRun() {
    }

    /** How each test method of the class ended, by method name. */
    public static Map<String, TestExecutionResult.Status> outcomes(Class<?> testClass) {
        Map<String, TestExecutionResult.Status> outcomes = new TreeMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest() && test.getSource().orElse(null) instanceof MethodSource method) {
                    outcomes.put(method.getMethodName(), result.getStatus());
                }
            }

            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                if (test.isTest() && test.getSource().orElse(null) instanceof MethodSource method) {
                    outcomes.put(method.getMethodName(), TestExecutionResult.Status.ABORTED);
                }
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
        return outcomes;
    }
}
