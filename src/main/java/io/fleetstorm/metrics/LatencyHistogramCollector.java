package io.fleetstorm.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exposes the latency and loop-lag histograms as Prometheus classic histograms whose buckets are filled from the
 * HdrHistogram intervals (cumulative over the run, one series per group, phase and operation).
 */
final class LatencyHistogramCollector implements MultiCollector {

    private static final double[] BOUNDS = withInf(PrometheusBuckets.upperBounds());

    private final String scenario;
    private final String run;
    private final Map<Labels, PrometheusBuckets> corrected = new LinkedHashMap<>();
    private final Map<Labels, PrometheusBuckets> service = new LinkedHashMap<>();
    private final PrometheusBuckets loopLag = new PrometheusBuckets();

    LatencyHistogramCollector(String scenario, String run) {
        this.scenario = scenario;
        this.run = run;
    }

    synchronized void add(IntervalSnapshot s) {
        s.latencies().forEach((key, pair) -> {
            Labels labels = Labels.of(MetricNames.LABEL_GROUP, key.group(), MetricNames.LABEL_OPERATION,
                    key.operation().label(), MetricNames.LABEL_PHASE, s.phase(), MetricNames.LABEL_SCENARIO, scenario,
                    MetricNames.LABEL_RUN, run);
            corrected.computeIfAbsent(labels, l -> new PrometheusBuckets()).add(pair.corrected());
            service.computeIfAbsent(labels, l -> new PrometheusBuckets()).add(pair.service());
        });
        loopLag.add(s.loopLag());
    }

    @Override
    public synchronized MetricSnapshots collect() {
        return new MetricSnapshots(
                snapshot(MetricNames.OPERATION_LATENCY, "Corrected latency: completion minus the intended start.",
                        corrected),
                snapshot(MetricNames.OPERATION_SERVICE_TIME, "Service time: completion minus the actual send.",
                        service),
                snapshot(MetricNames.LOOP_LAG, "Event-loop lag measured by the load generator.",
                        Map.of(Labels.of(MetricNames.LABEL_SCENARIO, scenario, MetricNames.LABEL_RUN, run),
                                loopLag)));
    }

    private static HistogramSnapshot snapshot(String name, String help, Map<Labels, PrometheusBuckets> series) {
        List<HistogramSnapshot.HistogramDataPointSnapshot> points = new ArrayList<>();
        series.forEach((labels, buckets) -> points.add(new HistogramSnapshot.HistogramDataPointSnapshot(
                ClassicHistogramBuckets.of(BOUNDS, buckets.counts()), buckets.sumSeconds(), labels, null, 0L)));
        return new HistogramSnapshot(new MetricMetadata(name, help), points);
    }

    private static double[] withInf(double[] bounds) {
        double[] b = java.util.Arrays.copyOf(bounds, bounds.length + 1);
        b[bounds.length] = Double.POSITIVE_INFINITY;
        return b;
    }
}
