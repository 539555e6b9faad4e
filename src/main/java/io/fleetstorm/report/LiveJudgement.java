package io.fleetstorm.report;

import java.util.List;

/**
 * What was judged while the run ran and cannot be judged again from its totals: the windowed thresholds (each with
 * its worst window) and the abortOnFail threshold that stopped the run, if one did.
 *
 * @param windowed  one result per windowed threshold that saw data, in the order of the thresholds
 * @param stoppedBy the failure that stopped the run (with the time it was seen), or null
 */
public record LiveJudgement(List<ThresholdResult> windowed, ThresholdResult stoppedBy) {

    /** Nothing judged while running (a run without windowed or abortOnFail thresholds). */
    public static final LiveJudgement NONE = new LiveJudgement(List.of(), null);

    public LiveJudgement {
        windowed = List.copyOf(windowed);
    }

    /** The live result of a windowed threshold, or null when it was never judged. */
    public ThresholdResult of(ThresholdSpec spec) {
        for (ThresholdResult r : windowed) {
            if (r.spec().equals(spec)) {
                return r;
            }
        }
        return null;
    }
}
