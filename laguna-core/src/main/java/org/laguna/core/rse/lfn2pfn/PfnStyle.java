package org.laguna.core.rse.lfn2pfn;

/**
 * How a protocol implementation of Rucio assembles a PFN from its fields. Rucio's clients pick
 * the implementation named by a protocol's {@code impl}; each writes the PFN slightly differently.
 */
public enum PfnStyle {
    /** {@code scheme://host:port/prefix/path}, the port always written (webdav, mock, ngarc, ...). */
    STANDARD,
    /** {@code scheme://host/prefix/path}, no port (posix). */
    POSIX,
    /**
     * {@code scheme://host[:port][web_service_path]/prefix/path}: the port left out when it is 0,
     * a {@code scheme://} in the hostname dropped, {@code web_service_path} from the extended
     * attributes, and a path that already is a URL kept as it is when the port is not 0 (gfal).
     */
    GFAL,
    /** Like {@link #STANDARD}, but a path's leading slash is kept (xrootd). */
    XROOTD,
    /** {@code scheme://[user@]host:port/prefix/path}, the user from the extended attributes (ssh, rsync). */
    SSH,
    /** {@code storm://host:port/prefix/path} whatever the scheme (storm). */
    STORM,
    /** Only {@code /prefix/path} (globus). */
    GLOBUS;

    private static final String RUCIO_PACKAGE = "rucio.rse.protocols.";

    /**
     * The style of a Rucio implementation class such as {@code rucio.rse.protocols.gfal.Default};
     * classes of other packages (policy packages) and modules without their own PFN rule get
     * {@link #STANDARD}, the rule of Rucio's base protocol class.
     */
    public static PfnStyle forImpl(String impl) {
        if (impl == null || !impl.startsWith(RUCIO_PACKAGE)) {
            return STANDARD;
        }
        String rest = impl.substring(RUCIO_PACKAGE.length());
        int dot = rest.indexOf('.');
        String module = dot < 0 ? rest : rest.substring(0, dot);
        return switch (module) {
            case "posix" -> POSIX;
            case "gfal" -> GFAL;
            case "xrootd" -> XROOTD;
            case "ssh" -> SSH;
            case "storm" -> STORM;
            case "globus" -> GLOBUS;
            default -> STANDARD;
        };
    }

    /** A guess from the scheme alone, for when the implementation is unknown: {@code file} is POSIX. */
    public static PfnStyle forScheme(String scheme) {
        return "file".equals(scheme) ? POSIX : STANDARD;
    }
}
