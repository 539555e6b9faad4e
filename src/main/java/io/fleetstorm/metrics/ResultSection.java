package io.fleetstorm.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Accumulated results of a whole run or of one phase: latency histograms per group and operation, counter and error
 * totals, generator health and the wall-clock spans covered. Sections merge exactly (histograms add, counters sum).
 *
 * <p>Each operation also has its active window, the spans of the intervals in which it completed (gaps up to
 * {@value #ACTIVE_GAP_MILLIS} ms bridged): its rate is its count over that window, so a phase that connects 10/s says
 * 10/s however long the run goes on after it.
 */
public final class ResultSection {

    private final Map<GroupOperation, LatencyHistograms> latencies = new LinkedHashMap<>();
    private final Map<CounterKey, Long> counters = new LinkedHashMap<>();
    private final Map<ErrorKey, Long> errors = new LinkedHashMap<>();
    private final GeneratorStats generator = new GeneratorStats();
    private final List<Span> spans = new ArrayList<>();
    /** The longest pause inside one active window: a sparse operation is still one stream. */
    public static final long ACTIVE_GAP_MILLIS = 10_000;
    private final Map<GroupOperation, List<Span>> active = new LinkedHashMap<>();
    /** Operations with completions added since the last span: the next span is theirs too. */
    private final Set<GroupOperation> activeInNextSpan = new LinkedHashSet<>();

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

    /** The spans in which an operation completed (an unmodifiable view; empty if it never did). */
    public List<Span> activeSpans(GroupOperation key) {
        return Collections.unmodifiableList(active.getOrDefault(key, List.of()));
    }

    /**
     * The seconds an operation was active: the union of its active spans; the section's duration when none were
     * recorded (a summary written before they were).
     */
    public double activeSeconds(GroupOperation key) {
        List<Span> s = active.get(key);
        return s == null || s.isEmpty() ? durationSeconds() : Span.unionMillis(s) / 1000.0;
    }

    /**
     * The seconds an operation was active over every group ({@code group} null) or one: the union of the matching
     * keys' active spans; the section's duration when none were recorded.
     */
    public double activeSeconds(Operation op, String group) {
        List<Span> all = new ArrayList<>();
        active.forEach((key, list) -> {
            if (key.operation() == op && (group == null || group.equals(key.group()))) {
                all.addAll(list);
            }
        });
        return all.isEmpty() ? durationSeconds() : Span.unionMillis(all) / 1000.0;
    }

    /** Completions per second of an operation over its active window (0 when it has none). */
    public double activeRate(GroupOperation key) {
        LatencyHistograms h = latencies.get(key);
        double seconds = activeSeconds(key);
        return h == null || seconds <= 0 ? 0 : h.corrected().getTotalCount() / seconds;
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

    /** Adds an interval's latencies; the operation is active in the span added next ({@link #addSpan}). */
    public void addLatency(GroupOperation key, LatencyHistograms h) {
        latencies.computeIfAbsent(key, k -> LatencyHistograms.empty()).add(h);
        if (h.corrected().getTotalCount() > 0) {
            activeInNextSpan.add(key);
        }
    }

    /** Adds an active span of an operation as a summary recorded it (see {@link #activeSpans}). */
    public void addActiveSpan(GroupOperation key, long startMillis, long endMillis) {
        List<Span> list = active.computeIfAbsent(key, k -> new ArrayList<>());
        Span last = list.isEmpty() ? null : list.get(list.size() - 1);
        if (last != null && startMillis >= last.startMillis() && startMillis - last.endMillis() <= ACTIVE_GAP_MILLIS) {
            list.set(list.size() - 1, new Span(last.startMillis(), Math.max(last.endMillis(), endMillis)));
        } else {
            list.add(new Span(startMillis, endMillis));
        }
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

    /**
     * Adds an interval's span, extending the last one when they touch; the operations whose latencies were added
     * since the previous span were active in it.
     */
    public void addSpan(long startMillis, long endMillis) {
        for (GroupOperation key : activeInNextSpan) {
            addActiveSpan(key, startMillis, endMillis);
        }
        activeInNextSpan.clear();
        if (!spans.isEmpty() && spans.get(spans.size() - 1).endMillis() == startMillis) {
            spans.set(spans.size() - 1, new Span(spans.get(spans.size() - 1).startMillis(), endMillis));
        } else {
            spans.add(new Span(startMillis, endMillis));
        }
    }

    /** Adds everything of another section to this one. */
    public void merge(ResultSection other) {
        other.latencies.forEach((key, h) -> latencies.computeIfAbsent(key, k -> LatencyHistograms.empty()).add(h));
        other.active.forEach((key, list) -> active.computeIfAbsent(key, k -> new ArrayList<>()).addAll(list));
        other.counters.forEach(this::addCounter);
        other.errors.forEach(this::addError);
        generator.merge(other.generator);
        other.spans.forEach(s -> spans.add(s));
    }
}
