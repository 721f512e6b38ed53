package org.laguna.core.common;

/** Names of transfer tools as requests record them ({@code requests.transfertool}). */
public final class TransferTools {
    /** The built-in transfer tool, whose requests carry the id of the engine copying them. */
    public static final String BUILTIN = "builtin";

    private TransferTools() {
    }
}
