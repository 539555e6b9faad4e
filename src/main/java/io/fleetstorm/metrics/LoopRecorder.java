package io.fleetstorm.metrics;

/** Temporary stand-in until the metrics branch lands. */
public class LoopRecorder {
    public void recordLatency(int group, Operation op, long intendedStartNanos, long sentNanos, long doneNanos) {
    }

    public void count(int group, Counter c, String behaviour, int qos, long delta) {
    }

    public void error(int group, String kind, String reason) {
    }

    public void lateStart(int group) {
    }

    public void recordLoopLag(long nanos) {
    }
}
