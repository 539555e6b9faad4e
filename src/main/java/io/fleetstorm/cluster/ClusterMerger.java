package io.fleetstorm.cluster;

import io.fleetstorm.metrics.AbortCause;
import io.fleetstorm.metrics.CounterKey;
import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.GaugeValue;
import io.fleetstorm.metrics.GeneratorSample;
import io.fleetstorm.metrics.GroupOperation;
import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.IntervalSnapshot;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.SeriesPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's collector: it adds every agent's intervals as they arrive, and on each of its own ticks publishes
 * what arrived since the last one as one merged {@link IntervalSnapshot} (progress line, Prometheus, hlog,
 * thresholds). Each agent's results are also kept apart, with their generator health, and the final result is
 * their exact sum, the same as {@code fleetstorm report} would make of the agents' own summaries.
 */
final class ClusterMerger {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMerger.class);

    /** One agent's results so far. */
    static final class AgentResults {
        final ResultSection run = new ResultSection();
        final Map<String, ResultSection> phases = new LinkedHashMap<>();
        List<GaugeValue> gauges = List.of();
        int intervals;
        boolean counted = true;
    }

    private final RunInfo info;
    private final List<IntervalSink> sinks;
    private final long runStartNanos;
    private final long runStartMillis;
    private final Map<String, AgentResults> agents = new LinkedHashMap<>();
    /** Latencies received since the last tick, by the phase the agents reported them in. */
    private Map<String, Map<GroupOperation, LatencyHistograms>> pendingLatencies = new LinkedHashMap<>();
    private Map<CounterKey, Long> counters = new LinkedHashMap<>();
    private Map<ErrorKey, Long> errors = new LinkedHashMap<>();
    private Histogram lag = LatencyHistograms.newHistogram();
    private final Map<String, GeneratorSample> generators = new HashMap<>();
    private final Map<CounterKey, Long> counterTotals = new HashMap<>();
    private final Map<ErrorKey, Long> errorTotals = new HashMap<>();
    private final ResultSection live = new ResultSection();
    private final Map<String, ResultSection> livePhases = new LinkedHashMap<>();
    private final List<SeriesPoint> series = new ArrayList<>();
    private final List<Outage> outages = new ArrayList<>();
    private long intervalStartNanos;
    private long intervalStartMillis;
    private int index;

    ClusterMerger(RunInfo info, List<IntervalSink> sinks, List<String> agentIds, long runStartNanos,
            long runStartMillis) {
        this.info = info;
        this.sinks = List.copyOf(sinks);
        this.runStartNanos = runStartNanos;
        this.runStartMillis = runStartMillis;
        this.intervalStartNanos = runStartNanos;
        this.intervalStartMillis = runStartMillis;
        agentIds.forEach(id -> agents.put(id, new AgentResults()));
    }

    /** Adds one agent interval (from the event bus). */
    synchronized void accept(AgentInterval iv) {
        AgentResults a = agents.get(iv.agent());
        if (a == null) {
            LOG.warn("interval from {}, which is not in this run", iv.agent());
            return;
        }
        a.intervals++;
        ResultSection phase = a.phases.computeIfAbsent(iv.phase(), n -> new ResultSection());
        for (ResultSection s : List.of(a.run, phase)) {
            addCounts(s, iv);
            if (iv.endMillis() > iv.startMillis()) {
                s.generator().noteInterval(iv.slow(), iv.secondOfRun());
            }
            s.addLoopLag(iv.loopLag());
            s.generator().noteCpu(iv.generator().cpuRatio(), iv.cpuBusySeconds());
            s.addSpan(iv.startMillis(), iv.endMillis());
        }
        addCounts(live, iv);
        addCounts(livePhases.computeIfAbsent(iv.phase(), n -> new ResultSection()), iv);
        // Latencies are added once, here; tick() adds each phase's sum to the run and phase sections. Adding every
        // agent's histograms to five sections (the agent's run and phase, the run, the phase, the interval) made
        // the controller's merge cost a core at about 150 agents (bench/README.md, controller scale).
        Map<GroupOperation, LatencyHistograms> pending = pendingLatencies.computeIfAbsent(iv.phase(),
                n -> new LinkedHashMap<>());
        iv.latencies().forEach((k, h) -> pending.computeIfAbsent(k, x -> LatencyHistograms.empty()).add(h));
        iv.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
        iv.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
        lag.add(iv.loopLag());
        a.gauges = iv.gauges();
        generators.put(iv.agent(), iv.generator());
    }

    private static void addCounts(ResultSection s, AgentInterval iv) {
        iv.counters().forEach(s::addCounter);
        iv.errors().forEach(s::addError);
    }

    /** A target outage an agent saw (from its end-of-run report). */
    synchronized void outage(Outage outage) {
        outages.add(outage);
    }

    /** The agents' target outages so far. */
    synchronized List<Outage> outages() {
        return List.copyOf(outages);
    }

    /** Interval reports received from an agent. */
    synchronized int intervals(String agent) {
        return agents.get(agent).intervals;
    }

    /** A lost agent's gauges (connected devices, ...) no longer count. */
    synchronized void dropGauges(String agent) {
        agents.get(agent).counted = false;
    }

    /** An agent counted again after a silence. */
    synchronized void countGauges(String agent) {
        agents.get(agent).counted = true;
    }

    /** Publishes what arrived since the last tick as one interval of the whole cluster. */
    synchronized IntervalSnapshot tick(String phase, long nowNanos, long nowMillis) {
        Map<GroupOperation, LatencyHistograms> latencies = foldPendingLatencies();
        counters.forEach((k, v) -> counterTotals.merge(k, v, Long::sum));
        errors.forEach((k, v) -> errorTotals.merge(k, v, Long::sum));
        Map<String, GaugeValue> gauges = new LinkedHashMap<>();
        agents.values().stream().filter(a -> a.counted).flatMap(a -> a.gauges.stream()).forEach(g ->
                gauges.merge(g.name() + "\u0000" + g.group(), g, (x, y) -> new GaugeValue(x.name(), x.group(),
                        x.value() + y.value())));
        double cpu = -1;
        long heapUsed = 0;
        long heapMax = 0;
        long fds = 0;
        long fdLimit = 0;
        for (GeneratorSample g : generators.values()) {
            cpu = Math.max(cpu, g.cpuRatio());
            heapUsed += g.heapUsedBytes();
            heapMax += g.heapMaxBytes();
            fds += g.openFds();
            fdLimit += g.fdLimit();
        }
        IntervalSnapshot s = new IntervalSnapshot(info, index++, phase, runStartNanos, intervalStartNanos, nowNanos,
                intervalStartMillis, nowMillis, latencies, counters, Map.copyOf(counterTotals), errors,
                Map.copyOf(errorTotals), List.copyOf(gauges.values()), lag,
                new GeneratorSample(cpu, heapUsed, heapMax, fds, fdLimit), live,
                livePhases.computeIfAbsent(phase, n -> new ResultSection()));
        series.add(SeriesPoint.of(s));
        IntervalSink.deliver(sinks, s);
        intervalStartNanos = nowNanos;
        intervalStartMillis = nowMillis;
        counters = new LinkedHashMap<>();
        errors = new LinkedHashMap<>();
        lag = LatencyHistograms.newHistogram();
        return s;
    }

    /**
     * Adds the latencies received since the last tick to the run and phase sections, and returns them summed over
     * phases: the interval's latencies.
     */
    private Map<GroupOperation, LatencyHistograms> foldPendingLatencies() {
        Map<GroupOperation, LatencyHistograms> interval = pendingLatencies.size() == 1
                ? pendingLatencies.values().iterator().next() : new LinkedHashMap<>();
        pendingLatencies.forEach((name, byKey) -> {
            ResultSection phase = livePhases.computeIfAbsent(name, n -> new ResultSection());
            byKey.forEach((k, h) -> {
                live.addLatency(k, h);
                phase.addLatency(k, h);
                if (pendingLatencies.size() > 1) {
                    interval.computeIfAbsent(k, x -> LatencyHistograms.empty()).add(h);
                }
            });
        });
        pendingLatencies = new LinkedHashMap<>();
        return interval;
    }

    /** The run's result: every agent's results added exactly; tells every sink. */
    synchronized RunResult finish(boolean aborted, String reason, long endMillis) {
        return finish(aborted ? AbortCause.SIGNAL : null, reason, endMillis);
    }

    /** The run's result, stopped early for {@code cause} (null: ran to its end); tells every sink. */
    synchronized RunResult finish(AbortCause cause, String reason, long endMillis) {
        ResultSection run = new ResultSection();
        Map<String, ResultSection> phases = new LinkedHashMap<>();
        info.phases().forEach(p -> phases.put(p.name(), new ResultSection()));
        foldPendingLatencies();
        live.latencies().forEach(run::addLatency);
        livePhases.forEach((name, section) -> section.latencies().forEach(
                phases.computeIfAbsent(name, n -> new ResultSection())::addLatency));
        for (AgentResults a : agents.values()) {
            run.merge(a.run);
            a.phases.forEach((name, section) -> phases.computeIfAbsent(name, n -> new ResultSection())
                    .merge(section));
        }
        phases.values().removeIf(p -> p.spans().isEmpty());
        RunResult result = new RunResult(info, runStartMillis, endMillis, cause, cause == null ? null : reason, run,
                phases, List.copyOf(series), outages);
        IntervalSink.deliverEnd(sinks, result);
        return result;
    }
}
