package io.fleetstorm.report;

/**
 * A threshold evaluated: the observed value (base units; NaN = no data), whether it passed, and when it was observed
 * in seconds from the run's start (NaN for a judgement over the whole scope at the end; for a windowed threshold the
 * end of the window shown, the worst of the run).
 */
public record ThresholdResult(ThresholdSpec spec, double observed, boolean passed, double atSeconds) {

    /** A judgement made at the end of the run, over the whole scope. */
    public ThresholdResult(ThresholdSpec spec, double observed, boolean passed) {
        this(spec, observed, passed, Double.NaN);
    }

    /** The observed value for people, e.g. {@code 231ms} or {@code no data}. */
    public String observedText() {
        return spec.kind().format(observed);
    }

    /**
     * Where and when it was observed: {@code whole run}, {@code phase steady, at 3s},
     * {@code group cameras, 10s window ending at 37s}.
     */
    public String whereText() {
        String at = Double.isNaN(atSeconds) ? "" : Human.duration(atSeconds);
        if (spec.windowed()) {
            return spec.scopeText() + ", " + spec.windowText() + " window" + (at.isEmpty() ? "" : " ending at " + at);
        }
        return spec.scopeText() + (at.isEmpty() ? "" : ", at " + at);
    }

    /** One line: {@code FAIL publish-ack.p99 < 200ms: observed 231ms (whole run)}. */
    public String describe() {
        return (passed ? "PASS " : "FAIL ") + spec.expression() + ": observed " + observedText() + " ("
                + whereText() + ")";
    }
}
