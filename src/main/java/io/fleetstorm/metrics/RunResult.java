package io.fleetstorm.metrics;

import java.util.List;
import java.util.Map;

/**
 * The end-of-run result: the whole run, each phase (in order), and the interval series for over-time charts.
 * {@code aborted} with a reason when the run stopped early (signal, abortOnFail, target unreachable).
 */
public record RunResult(RunInfo info, long startedEpochMillis, long endedEpochMillis, boolean aborted,
                        String abortReason, ResultSection run, Map<String, ResultSection> phases,
                        List<SeriesPoint> series) {
}
