package io.fleetstorm.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A wall-clock time span in epoch milliseconds; durations of merged results are the measure of a union of spans. */
public record Span(long startMillis, long endMillis) {

    /** The total time covered by the spans, counting overlaps once (shards run together, repeated runs add up). */
    public static long unionMillis(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(Span::startMillis));
        long total = 0;
        long curStart = Long.MIN_VALUE;
        long curEnd = Long.MIN_VALUE;
        for (Span s : sorted) {
            if (s.startMillis > curEnd) {
                total += curEnd - curStart;
                curStart = s.startMillis;
                curEnd = s.endMillis;
            } else {
                curEnd = Math.max(curEnd, s.endMillis);
            }
        }
        return total + (curEnd - curStart);
    }
}
