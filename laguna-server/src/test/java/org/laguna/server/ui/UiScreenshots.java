package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/**
 * The screenshots of docs/ui.md: the main pages over the UI tests' catalogue, in light and dark mode,
 * written as PNGs into the directory of the system property {@code laguna.ui.screenshots}. Not part of
 * the test suite (its name is not a test's); {@code scripts/ui-screenshots.sh} runs it.
 */
@ExtendWith(ServerPerClass.class)
class UiScreenshots {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 720;

    @Test
    void writeTheScreenshots(TestServer server) throws IOException {
        String target = System.getProperty("laguna.ui.screenshots");
        Assumptions.assumeTrue(target != null && !target.isBlank(), "set -Dlaguna.ui.screenshots=DIR to write the screenshots");
        Path directory = Files.createDirectories(Path.of(target));
        OversightWorld world = new OversightWorld(new UiWorld(server));
        Map<String, String> alicePages = new LinkedHashMap<>();
        alicePages.put("home", "/ui/");
        alicePages.put("scope", "/ui/scopes/" + UiWorld.SCOPE + "?type=dataset");
        alicePages.put("did", Format.didUrl(UiWorld.SCOPE, "ds.big"));
        alicePages.put("rule", "/ui/rules/" + world.ui.stuckRule);
        alicePages.put("rses", "/ui/rses");
        alicePages.put("subscription", SubscriptionPages.url("alice", OversightWorld.ALICE_SUBSCRIPTION));
        Map<String, String> rootPages = new LinkedHashMap<>();
        rootPages.put("lifetime-exceptions", "/ui/lifetime-exceptions");
        rootPages.put("audit", "/ui/audit");
        rootPages.put("events", "/ui/events?show=pending");
        try (Chromium chromium = Chromium.launch()) {
            for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
                String suffix = scheme == ColorScheme.LIGHT ? "light" : "dark";
                shoot(chromium, server.url(), scheme, "alice", UiWorld.PASSWORD, alicePages, directory, suffix);
                shoot(chromium, server.url(), scheme, "root", OversightWorld.ROOT_PASSWORD, rootPages, directory, suffix);
            }
        }
        try (var written = Files.list(directory)) {
            assertThat(written.filter(file -> file.toString().endsWith(".png")).count()).isGreaterThanOrEqualTo(2L * (alicePages.size() + rootPages.size()));
        }
    }

    private static void shoot(Chromium chromium, String url, ColorScheme scheme, String account, String password, Map<String, String> pages,
            Path directory, String suffix) {
        try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(url).setColorScheme(scheme)
                .setViewportSize(WIDTH, HEIGHT))) {
            context.setDefaultTimeout(20_000);
            Page page = context.newPage();
            page.navigate("/ui/login");
            page.getByLabel("Username").fill(account);
            page.getByLabel("Password").fill(password);
            if (account.equals("alice") && suffix.equals("light")) {
                page.screenshot(new Page.ScreenshotOptions().setPath(directory.resolve("login-" + suffix + ".png")));
            }
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            PlaywrightAssertions.assertThat(page.locator("#account")).hasText(account);
            pages.forEach((name, path) -> {
                page.navigate(path);
                page.waitForLoadState();
                page.waitForTimeout(300);
                page.screenshot(new Page.ScreenshotOptions().setPath(directory.resolve(name + "-" + suffix + ".png")));
            });
        }
    }
}
