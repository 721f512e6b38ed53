package org.laguna.core.rule;

import org.laguna.core.common.EnumNames;

/** When a rule sends events: YES per lock, NO, CLOSE when done, PROGRESS as it goes. */
public enum Notification {
    YES("Y"), NO("N"), CLOSE("C"), PROGRESS("P");

    private final String code;

    Notification(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Notification parse(String value) {
        return EnumNames.parse("notify", value, values(), Notification::code);
    }
}
