package io.fleetstorm.metrics;

/** Receives every interval snapshot, on the collector thread, and the result at the end of the run. */
public interface IntervalSink {

    /** One interval; the snapshot and its histograms are valid only during the call (copy what you keep). */
    void onInterval(IntervalSnapshot s);

    /** The end of the run, after the last interval. */
    default void onRunEnd(RunResult r) {
    }
}
