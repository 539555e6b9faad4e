package io.fleetstorm.cli;

import io.fleetstorm.report.Verdict;

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
    /**
     * At least one threshold was breached (also when an abortOnFail threshold stopped the run), or the generator was
     * saturated.
     */
    THRESHOLDS_BREACHED(3),
    /** The run was aborted (signal, lost agents) or the target could not be reached. */
    ABORTED(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The exit code of a run's verdict (summary.json records the same number). */
    public static ExitCode of(Verdict.Status status) {
        return switch (status) {
            case PASSED -> OK;
            case BREACHED, INVALID -> THRESHOLDS_BREACHED;
            case ABORTED -> ABORTED;
        };
    }

    /** The numeric code handed to the operating system. */
    public int code() {
        return code;
    }
}
