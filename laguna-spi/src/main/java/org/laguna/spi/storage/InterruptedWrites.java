package org.laguna.spi.storage;

/**
 * A storage whose writes stage their bytes somewhere (a hidden part file, an upload in parts) before the object
 * appears under its PFN, so a process killed mid-write leaves that staging behind.
 */
public interface InterruptedWrites extends StorageProtocol {
    /**
     * Removes what unfinished writes of this one PFN left behind, never the object itself nor anything of another
     * PFN. Only for a PFN that no live process is writing; removing nothing is not an error.
     *
     * @return how many leftovers were removed
     */
    int removeLeftovers(String pfn);
}
