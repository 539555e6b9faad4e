package io.fleetstorm.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Accumulated results of a whole run or of one phase: latency histograms per group and operation, counter and error
 * totals, generator health and the wall-clock spans covered. Sections merge exactly (histograms add, counters sum).
 */
public final class ResultSection {

    private final Map<GroupOperation, LatencyHistograms> latencies = new LinkedHashMap<>();
    private final Map<CounterKey, Long> counters = new LinkedHashMap<>();
    private final Map<ErrorKey, Long> errors = new LinkedHashMap<>();
    private final GeneratorStats generator = new GeneratorStats();
    private final List<Span> spans = new ArrayList<>();

    public Map<GroupOperation, LatencyHistograms> latencies() {
        return Collections.unmodifiableMap(latencies);
    }

    public Map<CounterKey, Long> counters() {
        return Collections.unmodifiableMap(counters);
    }

    public Map<ErrorKey, Long> errors() {
        return Collections.unmodifiableMap(errors);
    }

    public GeneratorStats generator() {
        return generator;
    }

    public List<Span> spans() {
        return Collections.unmodifiableList(spans);
    }

    /** The time covered, in seconds (overlapping spans counted once). */
    public double durationSeconds() {
        return Span.unionMillis(spans) / 1000.0;
    }

    /** The latencies of an operation over every group ({@code group} null) or one group; a new pair. */
    public LatencyHistograms latency(Operation op, String group) {
        LatencyHistograms sum = LatencyHistograms.empty();
        latencies.forEach((key, h) -> {
            if (key.operation() == op && (group == null || group.equals(key.group()))) {
                sum.add(h);
            }
        });
        return sum;
    }

    /** The total of a counter over every group, behaviour and QoS. */
    public long counter(Counter c) {
        return counter(c, null);
    }

    /** The total of a counter in one group ({@code group} null = every group), over every behaviour and QoS. */
    public long counter(Counter c, String group) {
        long sum = 0;
        for (Map.Entry<CounterKey, Long> e : counters.entrySet()) {
            if (e.getKey().counter() == c && (group == null || group.equals(e.getKey().group()))) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** The total of a counter of one behaviour label ({@code lost}, {@code telemetry}...) in one group (null = all). */
    public long counter(Counter c, String group, String behaviour) {
        long sum = 0;
        for (Map.Entry<CounterKey, Long> e : counters.entrySet()) {
            CounterKey k = e.getKey();
            if (k.counter() == c && (group == null || group.equals(k.group())) && behaviour.equals(k.behaviour())) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** Every error counted. */
    public long errorCount() {
        return errorCount(null);
    }

    /** The errors of one group ({@code group} null = every group). */
    public long errorCount(String group) {
        long sum = 0;
        for (Map.Entry<ErrorKey, Long> e : errors.entrySet()) {
            if (group == null || group.equals(e.getKey().group())) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** The errors of one kind ({@code connect}, {@code connack}, ...) in every group. */
    public long errorsOfKind(String kind) {
        long sum = 0;
        for (Map.Entry<ErrorKey, Long> e : errors.entrySet()) {
            if (e.getKey().kind().equals(kind)) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** Every completed (timed) operation. */
    public long completedOperations() {
        return completedOperations(null);
    }

    /** The completed (timed) operations of one group ({@code group} null = every group). */
    public long completedOperations(String group) {
        long sum = 0;
        for (Map.Entry<GroupOperation, LatencyHistograms> e : latencies.entrySet()) {
            if (group == null || group.equals(e.getKey().group())) {
                sum += e.getValue().corrected().getTotalCount();
            }
        }
        return sum;
    }

    public void addLatency(GroupOperation key, LatencyHistograms h) {
        latencies.computeIfAbsent(key, k -> LatencyHistograms.empty()).add(h);
    }

    public void addCounter(CounterKey key, long delta) {
        counters.merge(key, delta, Long::sum);
    }

    public void addError(ErrorKey key, long delta) {
        errors.merge(key, delta, Long::sum);
    }

    public void addLoopLag(Histogram lag) {
        generator.loopLag().add(lag);
    }

    /** Adds a span, extending the last one when they touch. */
    public void addSpan(long startMillis, long endMillis) {
        if (!spans.isEmpty() && spans.get(spans.size() - 1).endMillis() == startMillis) {
            spans.set(spans.size() - 1, new Span(spans.get(spans.size() - 1).startMillis(), endMillis));
        } else {
            spans.add(new Span(startMillis, endMillis));
        }
    }

    /** Adds everything of another section to this one. */
    public void merge(ResultSection other) {
        other.latencies.forEach(this::addLatency);
        other.counters.forEach(this::addCounter);
        other.errors.forEach(this::addError);
        generator.merge(other.generator);
        other.spans.forEach(s -> spans.add(s));
    }
}
