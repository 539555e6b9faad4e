package io.fleetstorm.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves {@code /metrics} in the Prometheus text format during the run: Micrometer counters and gauges named from
 * {@link MetricNames}, and latency histograms with buckets filled from the HdrHistogram intervals. Values change once
 * per interval.
 */
public final class PrometheusSink implements IntervalSink, AutoCloseable {

    /** The default port ({@code --metrics-port}); 0 picks an ephemeral one. */
    public static final int DEFAULT_PORT = 9464;
    public static final String CONTENT_TYPE = MetricsEndpoint.CONTENT_TYPE;

    private final String scenario;
    private final String run;
    private final MetricsEndpoint endpoint;
    private final MeterRegistry registry;
    private final LatencyHistogramCollector histograms;
    private final Map<String, AtomicLong> gaugeBits = new ConcurrentHashMap<>();
    private Gauge phaseInfo;
    private String phaseShown;

    /** Starts serving on {@code host:port} (port 0 = ephemeral); {@code port < 0} serves nothing (push only). */
    public PrometheusSink(RunInfo info, String host, int port) throws IOException {
        this.scenario = info.scenario();
        this.run = info.runId();
        this.histograms = new LatencyHistogramCollector(scenario, run);
        this.endpoint = new MetricsEndpoint(host, port);
        this.registry = endpoint.meterRegistry();
        endpoint.prometheusRegistry().getPrometheusRegistry().register(histograms);
    }

    /** The port served, or -1 when not serving. */
    public int port() {
        return endpoint.port();
    }

    /** The exposition, as {@code /metrics} returns it. */
    public String scrape() {
        return endpoint.scrape();
    }

    /** The registry behind the endpoint, for other meters served with the run's (the embedded hub's). */
    public MeterRegistry meterRegistry() {
        return registry;
    }

    @Override
    public void onInterval(IntervalSnapshot s) {
        histograms.add(s);
        s.counterDeltas().forEach((k, delta) -> counter(MetricNames.of(k.counter()),
                Tags.of(MetricNames.LABEL_GROUP, k.group(), MetricNames.LABEL_PHASE, s.phase(),
                        MetricNames.LABEL_BEHAVIOUR, k.behaviour().isEmpty() ? "none" : k.behaviour(),
                        MetricNames.LABEL_QOS, Integer.toString(k.qos()))).increment(delta));
        s.errorDeltas().forEach((k, delta) -> counter(MetricNames.ERRORS,
                Tags.of(MetricNames.LABEL_GROUP, k.group(), MetricNames.LABEL_PHASE, s.phase(),
                        MetricNames.LABEL_KIND, k.kind(), MetricNames.LABEL_REASON, k.reason())).increment(delta));
        for (GaugeValue g : s.gauges()) {
            setGauge(g.name(), Tags.of(MetricNames.LABEL_GROUP, g.group() == null ? "all" : g.group()), g.value());
        }
        GeneratorSample gen = s.generator();
        setGauge(MetricNames.CPU_RATIO, Tags.empty(), gen.cpuRatio());
        setGauge(MetricNames.HEAP_USED, Tags.empty(), gen.heapUsedBytes());
        setGauge(MetricNames.HEAP_MAX, Tags.empty(), gen.heapMaxBytes());
        setGauge(MetricNames.OPEN_SOCKETS, Tags.empty(), gen.openFds());
        setGauge(MetricNames.SOCKETS_LIMIT, Tags.empty(), gen.fdLimit());
        setGauge(MetricNames.ELAPSED, Tags.empty(), s.elapsedSeconds());
        if (!s.phase().equals(phaseShown)) {
            if (phaseInfo != null) {
                registry.remove(phaseInfo);
            }
            phaseInfo = Gauge.builder(MetricNames.micrometerName(MetricNames.PHASE_INFO), () -> 1)
                    .description(MetricNames.help(MetricNames.PHASE_INFO))
                    .tags(MetricNames.LABEL_PHASE, s.phase(), MetricNames.LABEL_SCENARIO, scenario, MetricNames.LABEL_RUN, run)
                    .register(registry);
            phaseShown = s.phase();
        }
    }

    private io.micrometer.core.instrument.Counter counter(String name, Tags tags) {
        return io.micrometer.core.instrument.Counter.builder(MetricNames.micrometerName(name))
                .description(MetricNames.help(name)).tags(tags.and(MetricNames.LABEL_SCENARIO, scenario, MetricNames.LABEL_RUN, run))
                .register(registry);
    }

    private void setGauge(String name, Tags tags, double value) {
        Tags all = tags.and(MetricNames.LABEL_SCENARIO, scenario, MetricNames.LABEL_RUN, run);
        String key = name + "|" + all;
        AtomicLong bits = gaugeBits.computeIfAbsent(key, k -> {
            AtomicLong b = new AtomicLong();
            Gauge.builder(MetricNames.micrometerName(name), b, x -> Double.longBitsToDouble(x.get()))
                    .description(MetricNames.help(name)).tags(all).strongReference(true).register(registry);
            return b;
        });
        bits.set(Double.doubleToLongBits(value));
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
