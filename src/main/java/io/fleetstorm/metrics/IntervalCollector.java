package io.fleetstorm.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cold path: every interval (default 1 s) it flips every loop's recorders, merges the interval histograms per
 * group and operation, turns counters into deltas, reads gauges and generator health, fans the
 * {@link IntervalSnapshot} out to every {@link IntervalSink}, and accumulates the whole-run and per-phase results.
 */
public final class IntervalCollector implements AutoCloseable {

    /** The default reporting interval: one second. */
    public static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The phase name used before the engine starts a phase. */
    public static final String DEFAULT_PHASE = "run";

    private static final Logger LOG = LoggerFactory.getLogger(IntervalCollector.class);

    private final MetricsRegistry registry;
    private final NanoClock clock;
    private final long intervalNanos;
    private final List<IntervalSink> sinks = new CopyOnWriteArrayList<>();
    private final Map<LoopRecorder, Histogram[]> recycled = new IdentityHashMap<>();
    private final Map<CounterKey, Long> counterTotals = new HashMap<>();
    private final Map<ErrorKey, Long> errorTotals = new HashMap<>();
    private final ResultSection run = new ResultSection();
    private final Map<String, ResultSection> phases = new LinkedHashMap<>();
    private final SeriesBuilder series = new SeriesBuilder();
    private final long runStartNanos;
    private final long runStartMillis;
    private String phase;
    private long intervalStartNanos;
    private long intervalStartMillis;
    private int index;
    private Histogram lagRecycle;
    private double busyStreakSeconds;
    private ScheduledExecutorService scheduler;
    private RunResult result;
    private final List<Outage> outages = new CopyOnWriteArrayList<>();

    /** A collector on the system clock with the default interval. */
    public IntervalCollector(MetricsRegistry registry) {
        this(registry, NanoClock.SYSTEM, DEFAULT_INTERVAL_NANOS);
    }

    /** A collector; the run starts now (by {@code clock}). */
    public IntervalCollector(MetricsRegistry registry, NanoClock clock, long intervalNanos) {
        if (intervalNanos < TimeUnit.MILLISECONDS.toNanos(10)) {
            throw new IllegalArgumentException("intervalNanos must be >= 10 ms, but was " + intervalNanos);
        }
        this.registry = registry;
        this.clock = clock;
        this.intervalNanos = intervalNanos;
        this.runStartNanos = clock.nanoTime();
        this.runStartMillis = clock.epochMillis();
        this.intervalStartNanos = runStartNanos;
        this.intervalStartMillis = runStartMillis;
        registry.probe().sample(runStartNanos);
    }

    /** Adds a sink; call before {@link #start()}. */
    public IntervalCollector addSink(IntervalSink sink) {
        sinks.add(sink);
        return this;
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    /** Starts the periodic flip on a daemon thread of its own. */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleetstorm-metrics");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(this::tick, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A phase begins: the current interval ends here (so no interval straddles two phases), unless no time has
     * passed since it began.
     */
    public synchronized void phaseStarted(String name) {
        if (phase != null && clock.nanoTime() != intervalStartNanos) {
            flip();
        }
        phase = name;
        phases.computeIfAbsent(name, n -> new ResultSection());
    }

    /** Records a target outage the engine saw (any thread); reported with the run's result. */
    public void outage(Outage outage) {
        outages.add(outage);
    }

    /** The outages recorded so far, in the order they were recorded. */
    public List<Outage> outages() {
        return List.copyOf(outages);
    }

    /** Ends the current interval now and publishes it. */
    public synchronized IntervalSnapshot flipNow() {
        return flip();
    }

    /**
     * The run ends: flips a last time, stops the timer, tells every sink and returns the result. {@code cause} says
     * why it stopped before its planned end (null when it ran to its end), {@code reason} says it in one line.
     */
    public synchronized RunResult finish(AbortCause cause, String reason) {
        if (result != null) {
            return result;
        }
        stopScheduler();
        flip();
        result = new RunResult(registry.info(), runStartMillis, clock.epochMillis(), cause,
                cause == null ? null : reason, run, phases, series.points(), outages());
        IntervalSink.deliverEnd(sinks, result);
        return result;
    }

    /**
     * The run ends; {@code aborted} means stopped from outside ({@link AbortCause#SIGNAL}). For callers that have
     * no other cause to give; {@link #finish(AbortCause, String)} says which.
     */
    public RunResult finish(boolean aborted, String abortReason) {
        return finish(aborted ? AbortCause.SIGNAL : null, abortReason);
    }

    @Override
    public synchronized void close() {
        stopScheduler();
    }

    private synchronized void tick() {
        if (result == null) {
            try {
                flip();
            } catch (RuntimeException e) {
                LOG.error("metrics interval failed", e);
            }
        }
    }

    private void stopScheduler() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private IntervalSnapshot flip() {
        long endNanos = clock.nanoTime();
        long endMillis = clock.epochMillis();
        String phaseName = phase == null ? DEFAULT_PHASE : phase;
        ResultSection phaseSection = phases.computeIfAbsent(phaseName, n -> new ResultSection());
        Map<GroupOperation, LatencyHistograms> latencies = flipLatencies();
        Map<CounterKey, Long> counterDeltas = new LinkedHashMap<>();
        Map<ErrorKey, Long> errorDeltas = new LinkedHashMap<>();
        for (LoopRecorder r : registry.recorders()) {
            r.forEachCounter((k, v) -> counterDeltas.merge(k, v, Long::sum));
            r.forEachError((k, v) -> errorDeltas.merge(k, v, Long::sum));
        }
        toDeltas(counterDeltas, counterTotals);
        toDeltas(errorDeltas, errorTotals);
        lagRecycle = registry.flipLoopLag(lagRecycle);
        Histogram lag = lagRecycle.copy();
        GeneratorSample generator = registry.probe().sample(endNanos);
        double seconds = (endNanos - intervalStartNanos) / 1e9;
        busyStreakSeconds = generator.cpuRatio() > MetricsRegistry.CPU_BUSY_RATIO ? busyStreakSeconds + seconds : 0;
        boolean slow = slow(counterDeltas, lag);
        long secondOfRun = (intervalStartNanos - runStartNanos) / 1_000_000_000L;
        for (ResultSection section : List.of(run, phaseSection)) {
            if (endNanos > intervalStartNanos) { // the last flip at the end of a run may be empty
                section.generator().noteInterval(slow, secondOfRun);
            }
            latencies.forEach(section::addLatency);
            counterDeltas.forEach(section::addCounter);
            errorDeltas.forEach(section::addError);
            section.addLoopLag(lag);
            section.generator().noteCpu(generator.cpuRatio(), busyStreakSeconds);
            section.addSpan(intervalStartMillis, endMillis);
        }
        IntervalSnapshot s = new IntervalSnapshot(registry.info(), index++, phaseName, runStartNanos,
                intervalStartNanos, endNanos, intervalStartMillis, endMillis, latencies, counterDeltas,
                Map.copyOf(counterTotals), errorDeltas, Map.copyOf(errorTotals), registry.readGauges(), lag,
                generator, run, phaseSection);
        series.add(s);
        intervalStartNanos = endNanos;
        intervalStartMillis = endMillis;
        IntervalSink.deliver(sinks, s);
        return s;
    }

    /** Late-start share of an interval above which it counts as slow (with at least {@link #SLOW_MIN_LATE}). */
    static final double SLOW_LATE_SHARE = 0.01;
    static final long SLOW_MIN_LATE = 5;
    /** Event-loop lag p99 above which an interval counts as slow. */
    static final long SLOW_LAG_P99_NANOS = 50_000_000L;

    /** Whether the generator fell behind in this interval, by the rule of {@link GeneratorStats#noteInterval}. */
    public static boolean slowInterval(IntervalSnapshot s) {
        return slow(s.counterDeltas(), s.loopLag());
    }

    /**
     * Whether the generator fell behind in an interval: late starts over 1% of the operations it started (both
     * sides count the same operations, QoS 0 publishes included), or event-loop lag p99 over 50 ms.
     */
    private static boolean slow(Map<CounterKey, Long> counters, Histogram lag) {
        long late = 0;
        long started = 0;
        for (Map.Entry<CounterKey, Long> e : counters.entrySet()) {
            if (e.getKey().counter() == Counter.LATE_STARTS) {
                late += e.getValue();
            } else if (e.getKey().counter() == Counter.OPERATIONS_STARTED) {
                started += e.getValue();
            }
        }
        return (late >= SLOW_MIN_LATE && late > SLOW_LATE_SHARE * Math.max(1, started))
                || (lag.getTotalCount() > 0 && lag.getValueAtPercentile(99) > SLOW_LAG_P99_NANOS);
    }

    private Map<GroupOperation, LatencyHistograms> flipLatencies() {
        Map<GroupOperation, LatencyHistograms> merged = new LinkedHashMap<>();
        String[] groups = registry.groupArray();
        for (LoopRecorder r : registry.recorders()) {
            Histogram[] recycle = recycled.computeIfAbsent(r, k -> new Histogram[k.recorderSlots()]);
            for (int i = 0; i < recycle.length; i++) {
                SingleWriterRecorder rec = r.recorderAt(i);
                if (rec == null) {
                    continue;
                }
                recycle[i] = rec.getIntervalHistogram(recycle[i]);
                LatencyHistograms pair = merged.computeIfAbsent(LoopRecorder.seriesOf(groups, i),
                        k -> LatencyHistograms.empty());
                (i % 2 == LoopRecorder.CORRECTED ? pair.corrected() : pair.service()).add(recycle[i]);
            }
        }
        merged.values().removeIf(p -> p.corrected().getTotalCount() == 0 && p.service().getTotalCount() == 0);
        return merged;
    }

    private static <K> void toDeltas(Map<K, Long> totalsNow, Map<K, Long> totalsBefore) {
        for (Map.Entry<K, Long> e : totalsNow.entrySet()) {
            long now = e.getValue();
            Long before = totalsBefore.put(e.getKey(), now);
            e.setValue(now - (before == null ? 0 : before));
        }
        totalsNow.values().removeIf(v -> v == 0);
    }

    /** The chart series, one point per interval. */
    private static final class SeriesBuilder {
        private final List<SeriesPoint> points = new ArrayList<>();

        void add(IntervalSnapshot s) {
            points.add(SeriesPoint.of(s));
        }

        List<SeriesPoint> points() {
            return List.copyOf(points);
        }
    }
}
