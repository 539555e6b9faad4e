package io.fleetstorm.report;

import io.fleetstorm.metrics.AbortCause;
import io.fleetstorm.metrics.ExitCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a run, its exit code ({@link ExitCode}, the one table) and its reasons, one line each. Precedence,
 * strongest first: ABORTED (a signal or lost agents stopped it; exit 4), UNREACHABLE (no device ever got a CONNACK;
 * exit 4), INVALID (the generator was saturated and the scenario does not accept it: its latencies measure the
 * generator; exit 3), BREACHED (a threshold or a default sanity rule failed, also when an abortOnFail threshold
 * stopped the run: the target failed, the run did its job; exit 3), PASSED (exit 0).
 */
public record Verdict(Status status, List<String> reasons) {

    /** The verdicts, each with its exit code. */
    public enum Status {
        PASSED(ExitCode.OK),
        BREACHED(ExitCode.THRESHOLDS_BREACHED),
        INVALID(ExitCode.THRESHOLDS_BREACHED),
        ABORTED(ExitCode.ABORTED),
        UNREACHABLE(ExitCode.ABORTED);

        private final ExitCode exitCode;

        Status(ExitCode exitCode) {
            this.exitCode = exitCode;
        }

        /** The exit code of this verdict. */
        public ExitCode code() {
            return exitCode;
        }

        /** The numeric exit code (summary.json records the same number). */
        public int exitCode() {
            return exitCode.code();
        }
    }

    public Verdict {
        reasons = List.copyOf(reasons);
    }

    public int exitCode() {
        return status.exitCode();
    }

    /**
     * The verdict of a run.
     *
     * @param thresholds       the scenario's thresholds, judged
     * @param sanityFailures   the default sanity rules that failed, one line each
     * @param saturation       the generator's saturation check
     * @param acceptSaturation whether the scenario accepts a saturated generator
     * @param cause            why the run stopped early (null: it ran to its end)
     * @param abortReason      the abort in one line (null if none)
     * @param stoppedBy        the abortOnFail failure that stopped the run, if known
     * @param unreachable      why the target was unreachable (null: it was reached, or never tried)
     */
    public static Verdict of(List<ThresholdResult> thresholds, List<String> sanityFailures, Saturation saturation,
                             boolean acceptSaturation, AbortCause cause, String abortReason,
                             ThresholdResult stoppedBy, String unreachable) {
        List<String> reasons = new ArrayList<>();
        String reason = abortReason == null ? "no reason given" : abortReason;
        if (cause == AbortCause.SIGNAL || cause == AbortCause.AGENTS_LOST) {
            reasons.add("aborted: " + reason);
        } else if (cause == AbortCause.THRESHOLD) {
            reasons.add("stopped early by abortOnFail: " + (stoppedBy != null
                    ? stoppedBy.describe().substring("FAIL ".length()) : reason));
        } else if (cause == AbortCause.TARGET_UNREACHABLE) {
            reasons.add("target unreachable: " + reason);
        }
        if (unreachable != null && cause != AbortCause.TARGET_UNREACHABLE) {
            reasons.add("target unreachable: " + unreachable);
        }
        for (String r : saturation.reasons()) {
            reasons.add((acceptSaturation ? "saturated (accepted by the scenario): " : "saturated: ") + r);
        }
        for (String r : sanityFailures) {
            reasons.add("sanity rule failed: " + r);
        }
        boolean breached = cause == AbortCause.THRESHOLD || !sanityFailures.isEmpty();
        for (ThresholdResult t : thresholds) {
            if (!t.passed()) {
                breached = true;
                reasons.add("breached: " + t.describe().substring("FAIL ".length()));
            }
        }
        Status status = cause == AbortCause.SIGNAL || cause == AbortCause.AGENTS_LOST ? Status.ABORTED
                : unreachable != null || cause == AbortCause.TARGET_UNREACHABLE ? Status.UNREACHABLE
                : saturation.saturated() && !acceptSaturation ? Status.INVALID
                : breached ? Status.BREACHED : Status.PASSED;
        return new Verdict(status, reasons);
    }
}
