package org.laguna.core.event;

/** {@code deletion-done}, with Rucio's payload, for replicas the reaper removed from storage and catalogue. */
public final class DeletionEvents {
    private DeletionEvents() {
    }

    /**
     * A CTE (name {@code deletion_ev}, to append to a WITH list) writing {@code deletion-done} for the
     * rows of the CTE {@code removed}, which returns {@code scope, name, bytes, path} of the replicas
     * deleted; it takes two parameters, in this order: the RSE's id ({@code rseParameter}, e.g.
     * {@code ?}) and the time.
     */
    public static String doneCte(String removed, String rseParameter) {
        return "deletion_ev as (" + Outbox.INSERT + "select 'deletion-done', jsonb_build_object('scope', x.scope, 'name', x.name, "
                + "'rse', s.rse, 'file-size', x.bytes, 'bytes', x.bytes, 'url', x.path, 'protocol', null, 'datatype', null, 'duration', null), "
                + "x.scope || ':' || x.name, ?::timestamptz from " + removed + " x join rses s on s.id = " + rseParameter + "::uuid "
                + "where " + Outbox.wanted(EventTypes.DELETION_DONE) + " returning 1)";
    }
}
