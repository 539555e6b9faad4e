package io.fleetstorm.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a run and its exit code: PASSED 0, BREACHED 3 (a threshold failed), INVALID 3 (the generator was
 * saturated and the scenario does not accept it), ABORTED 4. Reasons say why, one line each. A run stopped by an
 * {@code abortOnFail} threshold is BREACHED (exit 3), not ABORTED: the target failed, the run did its job.
 */
public record Verdict(Status status, List<String> reasons) {

    /** The verdicts, with the exit code of each. */
    public enum Status {
        PASSED(0), BREACHED(3), INVALID(3), ABORTED(4);

        private final int exitCode;

        Status(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    public Verdict {
        reasons = List.copyOf(reasons);
    }

    public int exitCode() {
        return status.exitCode();
    }

    /** The start of the abort reason of a run stopped by an {@code abortOnFail} threshold. */
    public static final String THRESHOLD_ABORT = "abortOnFail threshold breached: ";

    /** Aborted beats invalid, which beats breached: a saturated generator's breaches blame the wrong side. */
    public static Verdict of(List<ThresholdResult> thresholds, Saturation saturation, boolean acceptSaturation,
                             boolean aborted, String abortReason) {
        List<String> reasons = new ArrayList<>();
        if (aborted) {
            reasons.add("aborted: " + (abortReason == null ? "no reason given" : abortReason));
        }
        for (String r : saturation.reasons()) {
            reasons.add((acceptSaturation ? "saturated (accepted by the scenario): " : "saturated: ") + r);
        }
        boolean breached = false;
        for (ThresholdResult t : thresholds) {
            if (!t.passed()) {
                breached = true;
                reasons.add("breached: " + t.describe().substring("FAIL ".length()));
            }
        }
        boolean stoppedByThreshold = aborted && abortReason != null && abortReason.startsWith(THRESHOLD_ABORT);
        Status status = stoppedByThreshold ? Status.BREACHED : aborted ? Status.ABORTED
                : saturation.saturated() && !acceptSaturation ? Status.INVALID
                : breached ? Status.BREACHED : Status.PASSED;
        return new Verdict(status, reasons);
    }
}
