package io.fleetstorm.metrics;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One reporting interval: its time span and phase, the merged interval latency histograms per group and operation,
 * counters and errors as deltas and as run totals, gauges, event-loop lag, generator health, and read-only views of
 * the run and the current phase so far (for thresholds evaluated while running).
 */
public record IntervalSnapshot(RunInfo info, int index, String phase, long runStartNanos, long startNanos,
                               long endNanos, long startEpochMillis, long endEpochMillis,
                               Map<GroupOperation, LatencyHistograms> latencies,
                               Map<CounterKey, Long> counterDeltas, Map<CounterKey, Long> counterTotals,
                               Map<ErrorKey, Long> errorDeltas, Map<ErrorKey, Long> errorTotals,
                               List<GaugeValue> gauges, Histogram loopLag, GeneratorSample generator,
                               ResultSection run, ResultSection currentPhase) {

    /** The interval length in seconds. */
    public double durationSeconds() {
        return (endNanos - startNanos) / 1e9;
    }

    /** Seconds since the run started, at the end of this interval. */
    public double elapsedSeconds() {
        return (endNanos - runStartNanos) / 1e9;
    }

    /** The delta of a counter over all groups, behaviours and QoS levels. */
    public long delta(Counter c) {
        return counterDeltas.entrySet().stream().filter(e -> e.getKey().counter() == c)
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Errors counted in this interval. */
    public long errorDelta() {
        return errorDeltas.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The interval latencies of an operation over all groups (a new pair). */
    public LatencyHistograms latency(Operation op) {
        LatencyHistograms sum = LatencyHistograms.empty();
        latencies.forEach((k, h) -> {
            if (k.operation() == op) {
                sum.add(h);
            }
        });
        return sum;
    }

    /** The sum of a gauge over its groups, or -1 if no such gauge is registered. */
    public long gauge(String name) {
        return gauges.stream().filter(g -> g.name().equals(name)).mapToLong(GaugeValue::value)
                .reduce(Long::sum).orElse(-1);
    }
}
