package io.fleetstorm.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The metrics of one run: created once with the {@link RunInfo}, it hands one {@link LoopRecorder} to each event
 * loop, holds the gauges the engine supplies and the event-loop lag recorder, and is read by the
 * {@link IntervalCollector}.
 */
public final class MetricsRegistry {

    /** CPU above this fraction of the usable cores counts as busy for the saturation rule. */
    public static final double CPU_BUSY_RATIO = 0.9;

    private final RunInfo info;
    private final String[] groups;
    private final List<LoopRecorder> recorders = new CopyOnWriteArrayList<>();
    private final List<RegisteredGauge> gauges = new CopyOnWriteArrayList<>();
    private final Recorder loopLag = new Recorder(LatencyHistograms.SIGNIFICANT_DIGITS);
    private final GeneratorProbe probe;

    /** A registry for a run, with the real process probe. */
    public MetricsRegistry(RunInfo info) {
        this(info, new GeneratorProbe());
    }

    /** A registry with a given probe (tests script the generator's health). */
    public MetricsRegistry(RunInfo info, GeneratorProbe probe) {
        this.info = info;
        this.groups = info.groups().toArray(new String[0]);
        this.probe = probe;
    }

    public RunInfo info() {
        return info;
    }

    /** The index of a group, as passed to {@link LoopRecorder} methods. */
    public int groupIndex(String group) {
        int i = info.groups().indexOf(group);
        if (i < 0) {
            throw new IllegalArgumentException("unknown group '" + group + "'; the groups are " + info.groups());
        }
        return i;
    }

    /** A new recorder for one event loop; call once per loop and use it from that loop only. */
    public LoopRecorder newLoopRecorder() {
        LoopRecorder r = new LoopRecorder(groups, this::recordLoopLag);
        recorders.add(r);
        return r;
    }

    /**
     * Registers a gauge read at the end of each interval. {@code name} is one of {@link MetricNames#ENGINE_GAUGES};
     * {@code group} is a group name, or null for an engine-wide value.
     */
    public void gauge(String name, String group, LongSupplier supplier) {
        if (!MetricNames.ENGINE_GAUGES.contains(name)) {
            throw new IllegalArgumentException("unknown gauge '" + name + "'; expected one of "
                    + MetricNames.ENGINE_GAUGES);
        }
        if (group != null) {
            groupIndex(group);
        }
        gauges.add(new RegisteredGauge(name, group, supplier));
    }

    /** Records one event-loop lag measurement, in nanoseconds; callable from any thread, wait-free. */
    public void recordLoopLag(long nanos) {
        loopLag.recordValue(Math.max(0, Math.min(nanos, LatencyHistograms.HIGHEST_TRACKABLE_NANOS)));
    }

    // --- collector side ---

    String[] groupArray() {
        return groups;
    }

    List<LoopRecorder> recorders() {
        return recorders;
    }

    List<GaugeValue> readGauges() {
        List<GaugeValue> values = new ArrayList<>(gauges.size());
        for (RegisteredGauge g : gauges) {
            values.add(new GaugeValue(g.name, g.group, g.supplier.getAsLong()));
        }
        return values;
    }

    Histogram flipLoopLag(Histogram recycle) {
        return loopLag.getIntervalHistogram(recycle);
    }

    GeneratorProbe probe() {
        return probe;
    }

    private record RegisteredGauge(String name, String group, LongSupplier supplier) {
    }
}
