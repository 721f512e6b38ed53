package org.laguna.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the command line runs on an interactive terminal (not in a pipe, a file or a script's capture). */
final class Terminal {
    private Terminal() {
    }

    static boolean interactive() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            // Java 22+ gives a console even when redirected; isTerminal() then tells a real terminal apart
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
