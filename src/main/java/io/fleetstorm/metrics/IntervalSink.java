package io.fleetstorm.metrics;

import java.util.List;
import org.slf4j.LoggerFactory;

/** Receives every interval snapshot, on the collector thread, and the result at the end of the run. */
public interface IntervalSink {

    /** One interval; the snapshot and its histograms are valid only during the call (copy what you keep). */
    void onInterval(IntervalSnapshot s);

    /** The end of the run, after the last interval. */
    default void onRunEnd(RunResult r) {
    }

    /** Hands an interval to every sink; one failing sink is logged and does not stop the others or the run. */
    static void deliver(List<IntervalSink> sinks, IntervalSnapshot s) {
        for (IntervalSink sink : sinks) {
            try {
                sink.onInterval(s);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(IntervalSink.class).warn("metrics sink {} failed on interval {}", sink,
                        s.index(), e);
            }
        }
    }

    /** Hands the end of the run to every sink, as {@link #deliver} does an interval. */
    static void deliverEnd(List<IntervalSink> sinks, RunResult r) {
        for (IntervalSink sink : sinks) {
            try {
                sink.onRunEnd(r);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(IntervalSink.class).warn("metrics sink {} failed at the end of the run",
                        sink, e);
            }
        }
    }
}
