package io.fleetstorm.cli;

/**
 * The process exit codes of every fleetstorm command, in one place so scripts and CI can rely on them.
 */
public enum ExitCode {
    /** The command did what was asked; for a run, every threshold passed. */
    OK(0),
    /** A defect in fleetstorm itself; the message says where to report it. */
    INTERNAL_ERROR(1),
    /** Bad input: unknown flags, an invalid scenario, unreadable files, a port in use. */
    INVALID_INPUT(2),
    /** The run completed but at least one threshold was breached, or the generator was saturated. */
    THRESHOLDS_BREACHED(3),
    /** The run was aborted (signal, abortOnFail, lost agents) or the target could not be reached. */
    ABORTED(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The numeric code handed to the operating system. */
    public int code() {
        return code;
    }
}
