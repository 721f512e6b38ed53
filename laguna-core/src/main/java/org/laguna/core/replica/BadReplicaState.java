package org.laguna.core.replica;

/** States of a record of {@code bad_replicas}, as Rucio names them. */
public enum BadReplicaState {
    SUSPICIOUS, BAD, BEING_REPAIRED, RECOVERED, DELETED, LOST, TEMPORARY_UNAVAILABLE
}
