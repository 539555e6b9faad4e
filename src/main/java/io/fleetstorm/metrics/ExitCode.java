package io.fleetstorm.metrics;

/**
 * The process exit codes of every fleetstorm command: the one table that scripts, CI, the verdict of a run
 * ({@code report.Verdict.Status} maps onto it), summary.json and every command's {@code --help} read. It sits this low
 * so that both the report and the command line can see it.
 */
public enum ExitCode {
    /** The command did what was asked; for a run, every threshold and sanity rule passed. */
    OK(0, "ok; for a run: every threshold and sanity rule passed"),
    /** A defect in fleetstorm itself; the message says to rerun with --verbose. */
    INTERNAL_ERROR(1, "internal error: a fleetstorm defect (rerun with --verbose)"),
    /** Bad input: unknown commands or flags, an invalid scenario, unreadable or malformed files, a port in use. */
    INVALID_INPUT(2, "invalid input: command, flags, scenario, files, ports in use"),
    /**
     * A threshold or a default sanity rule failed (also when abortOnFail stopped the run), or the generator was
     * saturated.
     */
    THRESHOLDS_BREACHED(3, "thresholds breached, sanity rule failed or generator saturated"),
    /** The run was aborted (signal, lost agents) or the target could not be reached at all. */
    ABORTED(4, "aborted (signal, lost agents) or target unreachable"),
    /**
     * The JVM crashed: out of memory (the launcher maps {@code -XX:+ExitOnOutOfMemoryError}'s own code to this one)
     * or killed. Distinct from 3 so that a crash never reads as a verdict on the target.
     */
    CRASHED(5, "crashed: out of memory or killed (no verdict)");

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The numeric code handed to the operating system. */
    public int code() {
        return code;
    }

    /** One line for {@code --help} and the docs, e.g. {@code invalid input: ...}. */
    public String description() {
        return description;
    }
}
