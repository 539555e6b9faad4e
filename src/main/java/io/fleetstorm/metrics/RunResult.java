package io.fleetstorm.metrics;

import java.util.List;
import java.util.Map;

/**
 * The end-of-run result: the whole run, each phase (in order), the interval series for over-time charts, and the
 * target outages the fleet lived through. {@code abortCause} says why the run stopped before its planned end (null
 * when it ran to its end), {@code abortReason} says it in one line for people.
 */
public record RunResult(RunInfo info, long startedEpochMillis, long endedEpochMillis, AbortCause abortCause,
                        String abortReason, ResultSection run, Map<String, ResultSection> phases,
                        List<SeriesPoint> series, List<Outage> outages) {

    public RunResult {
        outages = List.copyOf(outages);
    }

    /** Whether the run stopped before its planned end. */
    public boolean aborted() {
        return abortCause != null;
    }

    /** Seconds from the run's start to an instant (epoch milliseconds), e.g. when an outage began. */
    public double secondsAt(long epochMillis) {
        return (epochMillis - startedEpochMillis) / 1000.0;
    }
}
