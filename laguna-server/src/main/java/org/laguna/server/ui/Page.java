package org.laguna.server.ui;

/**
 * What every page's frame shows: its title, the signed-in account ("" when nobody is), the CSRF token
 * of its forms, the navigation entry to mark as current, and a notice to show once ("" for none).
 */
public record Page(String title, String account, String csrf, String section, String notice) {
    public Page {
        title = title == null ? "" : title;
        account = account == null ? "" : account;
        csrf = csrf == null ? "" : csrf;
        section = section == null ? "" : section;
        notice = notice == null ? "" : notice;
    }

    public boolean signedIn() {
        return !account.isEmpty();
    }

    /** The aria-current value of a navigation entry: "page" for the current section, null (no attribute) otherwise. */
    public String current(String entry) {
        return section.equals(entry) ? "page" : null;
    }
}
