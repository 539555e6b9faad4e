package io.fleetstorm.report;

import io.fleetstorm.metrics.IntervalSnapshot;
import io.fleetstorm.metrics.ResultSection;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last intervals of a run, each copied into a {@link ResultSection} of its own, for thresholds judged over a
 * sliding window ({@code {last:10s}}). Bounded: intervals older than the longest window are dropped, so a long run
 * keeps about (longest window / interval) sections.
 */
final class IntervalWindow {

    /**
     * Flips are not exactly on the second: an interval that began this little before the window's start still
     * counts as inside it.
     */
    static final long SLACK_NANOS = 50_000_000L;

    private final long longestNanos;
    private final Deque<Entry> entries = new ArrayDeque<>();

    private record Entry(String phase, long startNanos, long endNanos, ResultSection section) {
    }

    IntervalWindow(long longestNanos) {
        this.longestNanos = longestNanos;
    }

    /** Keeps a copy of an interval (its histograms are only valid during the sink call) and drops old ones. */
    void add(IntervalSnapshot s) {
        ResultSection section = new ResultSection();
        s.latencies().forEach(section::addLatency);
        s.counterDeltas().forEach(section::addCounter);
        s.errorDeltas().forEach(section::addError);
        section.addLoopLag(s.loopLag());
        section.addSpan(s.startEpochMillis(), s.endEpochMillis());
        entries.addLast(new Entry(s.phase(), s.startNanos(), s.endNanos(), section));
        while (!entries.isEmpty() && entries.peekFirst().startNanos < s.endNanos() - longestNanos - SLACK_NANOS) {
            entries.removeFirst();
        }
    }

    /**
     * The intervals that began within {@code windowNanos} before {@code endNanos}, of one phase (null = any), merged
     * into one new section; null when there are none.
     */
    ResultSection section(long windowNanos, String phase, long endNanos) {
        ResultSection merged = null;
        for (Entry e : entries) {
            if (e.startNanos >= endNanos - windowNanos - SLACK_NANOS && e.endNanos <= endNanos
                    && (phase == null || phase.equals(e.phase))) {
                if (merged == null) {
                    merged = new ResultSection();
                }
                merged.merge(e.section);
            }
        }
        return merged;
    }
}
