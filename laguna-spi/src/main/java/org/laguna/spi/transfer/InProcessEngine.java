package org.laguna.spi.transfer;

/**
 * A transfer tool that copies in the conveyor's own process (the built-in engine), not in a shared
 * service such as FTS3. The conveyor asks a tool for this ability, never for its class:
 * <ul>
 *   <li>the engine's jobs live only as long as the process, so the conveyor records the engine's id
 *       as the external host of each request it hands over, polls only its own engine's requests,
 *       and looks at the destination of a job the engine made but no longer knows;</li>
 *   <li>the engine reaches storage through the process's own connections, which the conveyor opens
 *       for every endpoint of a job before it submits the job;</li>
 *   <li>the engine holds only so many files: while it is {@link #full()} the submitter leaves
 *       further requests queued, where other processes can take them.</li>
 * </ul>
 */
public interface InProcessEngine extends TransferTool {
    /** This engine's id, new at each start of the process: the external host of its requests and the prefix of its job ids. */
    String engineId();

    /** Whether this engine made the job id, whether or not it still knows the job. */
    boolean madeJob(String jobId);

    /** Whether the engine holds as many files (copying or waiting) as it takes: the submitter then hands it nothing. */
    boolean full();
}
