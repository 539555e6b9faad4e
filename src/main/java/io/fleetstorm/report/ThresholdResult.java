package io.fleetstorm.report;

/** A threshold evaluated: the observed value (base units; NaN = no data), and whether it passed. */
public record ThresholdResult(ThresholdSpec spec, double observed, boolean passed) {

    /** The observed value for people, e.g. {@code 231ms} or {@code no data}. */
    public String observedText() {
        return spec.kind().format(observed);
    }

    /** One line: {@code FAIL publish-ack.p99 < 200ms: observed 231ms (whole run)}. */
    public String describe() {
        return (passed ? "PASS " : "FAIL ") + spec.expression() + ": observed " + observedText()
                + " (" + (spec.phase() == null ? "whole run" : "phase " + spec.phase()) + ")";
    }
}
