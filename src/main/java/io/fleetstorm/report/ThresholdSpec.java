package io.fleetstorm.report;

import io.fleetstorm.metrics.Operation;
import java.time.Duration;
import java.util.Optional;

/**
 * One threshold: {@code METRIC.AGGREGATE[{SELECTORS}] OPERATOR VALUE}, e.g. {@code publish-ack.p99 < 200ms} or
 * {@code errors.rate{group:cameras, last:10s} < 5%}. {@code metric} is an operation label (corrected latency),
 * {@code OPERATION.service} (service time), {@code errors}, {@code generator.lag} or the family of an
 * {@link Outcome} count; {@code value} is in base units (seconds, ratio 0..1, count, per second). The scope: {@code
 * phase} (null = the whole run), {@code group} (null = every group), and {@code windowNanos}: 0 judges the whole
 * scope, a window judges every interval over the scope's last {@code windowNanos} (the report keeps the worst window).
 * {@code abortOnFail} stops the run as soon as it fails while running. The grammar is {@link ThresholdGrammar}'s.
 */
public record ThresholdSpec(String expression, String metric, String aggregate, Comparison operator, double value,
                            ValueKind kind, String phase, String group, long windowNanos, boolean abortOnFail) {

    /** The metric of the error rate ({@code errors.rate}, {@code errors.count}). */
    public static final String ERRORS = "errors";
    /** The metric of the generator's event-loop lag ({@code generator.lag.p99}). */
    public static final String LOOP_LAG = "generator.lag";
    /** The suffix that selects service time instead of corrected latency. */
    public static final String SERVICE = ".service";

    /** Parses an expression; every error names the rule broken and, where there is one, the nearest valid form. */
    public static ThresholdSpec parse(String expression) {
        return ThresholdGrammar.parse(expression);
    }

    /** The same threshold for one phase only. */
    public ThresholdSpec inPhase(String phaseName) {
        return new ThresholdSpec(expression, metric, aggregate, operator, value, kind, phaseName, group, windowNanos,
                abortOnFail);
    }

    /** The same threshold, aborting the run when it fails while running. */
    public ThresholdSpec withAbortOnFail(boolean abort) {
        return new ThresholdSpec(expression, metric, aggregate, operator, value, kind, phase, group, windowNanos,
                abort);
    }

    /** Whether the threshold is judged every interval over a sliding window ({@code {last:10s}}). */
    public boolean windowed() {
        return windowNanos > 0;
    }

    /** The percentile of a {@code pNN} aggregate: p50 = 50, p999 = 99.9, p9999 = 99.99; NaN otherwise. */
    public double percentile() {
        return ThresholdGrammar.percentile(aggregate);
    }

    /** The operation of an operation metric, or null for errors, generator.lag and outcomes. */
    public Operation operation() {
        if (outcome().isPresent()) {
            return null;
        }
        String label = metric.endsWith(SERVICE) ? metric.substring(0, metric.length() - SERVICE.length()) : metric;
        return Operation.fromLabel(label).orElse(null);
    }

    /** The outcome count it tests ({@code ota.succeeded}), if it tests one. */
    public Optional<Outcome> outcome() {
        return Outcome.of(metric + "." + aggregate);
    }

    /** Whether the metric is service time rather than corrected latency. */
    public boolean serviceTime() {
        return metric.endsWith(SERVICE);
    }

    /** The limit as written for people, e.g. {@code < 200ms}. */
    public String limitText() {
        return operator.symbol() + " " + kind.format(value);
    }

    /** What the threshold looks at: {@code whole run}, {@code phase steady}, {@code group cameras, phase steady}. */
    public String scopeText() {
        if (group == null) {
            return phase == null ? "whole run" : "phase " + phase;
        }
        return "group " + group + (phase == null ? "" : ", phase " + phase);
    }

    /** The window length as a scenario writes it, e.g. {@code 10s}, {@code 1m30s}. */
    public String windowText() {
        return Human.duration(Duration.ofNanos(windowNanos));
    }
}
