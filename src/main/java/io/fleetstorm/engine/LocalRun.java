package io.fleetstorm.engine;

import io.fleetstorm.metrics.AbortCause;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricNames;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.PhasePlan;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.scenario.Scenario;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of a plan in this process, the pipeline that {@code fleetstorm run} and a cluster agent share: the metrics
 * registry with the engine's gauges, one recorder per event loop, the {@link RunController}, and the
 * {@link IntervalCollector}, which starts with the timeline, feeds the sinks, receives the run's target outages and
 * ends with the result.
 */
public final class LocalRun {

    /** How long past the planned end (drain and disconnect included) the run may take before it is a failure. */
    private static final long GRACE_MILLIS = 120_000;

    private final LoadPlan plan;
    private final MetricsRegistry registry;
    private final RunController controller;
    private final List<LoopRecorder> recorders = new ArrayList<>();
    private final List<Consumer<Outage>> outageListeners = new ArrayList<>();
    private IntervalCollector collector;
    private List<IntervalSink> sinks = List.of();

    public LocalRun(Vertx vertx, LoadPlan plan, RunInfo info, int loops) {
        this.plan = plan;
        this.registry = new MetricsRegistry(info);
        this.controller = new RunController(vertx, plan, loops, NanoClock.SYSTEM);
        // logical devices: gateways are sockets, their sub-devices the devices (the two are equal without gateways)
        boolean[] gateways = new boolean[plan.groups().size()];
        plan.groups().stream().filter(GroupPlan::subDevices).forEach(g -> gateways[g.gatewayGroup()] = true);
        int devices = 0;
        for (int g = 0; g < gateways.length; g++) {
            devices += gateways[g] ? 0 : plan.groups().get(g).count();
        }
        int logical = devices;
        registry.gauge(MetricNames.DEVICES_CONNECTED, null, () -> controller.state().connectedLogical());
        registry.gauge(MetricNames.SOCKETS_CONNECTED, null, () -> controller.state().connectedSockets());
        registry.gauge(MetricNames.DEVICES_TARGET, null, () -> logical);
        registry.gauge(MetricNames.OPERATIONS_IN_FLIGHT, null, () -> controller.state().inFlight());
        for (int i = 0; i < loops; i++) {
            recorders.add(registry.newLoopRecorder());
        }
    }

    /** What the metrics and reports call a run of the scenario: its name, the run id, its groups and phases. */
    public static RunInfo runInfo(Scenario scenario, String runId) {
        return new RunInfo(scenario.name(), runId, scenario.groups().stream().map(Scenario.Group::name).toList(),
                scenario.phases().stream().map(p -> new PhasePlan(p.name(), p.duration().toNanos())).toList());
    }

    public RunController controller() {
        return controller;
    }

    /** Starts the timeline at this instant (nanoTime), as the agents of a cluster run do; call before {@link #run}. */
    public LocalRun startAt(long nanos) {
        controller.startAt(nanos);
        return this;
    }

    /** Also hands each target outage of the run to {@code listener} (an agent sends them to its controller). */
    public LocalRun onOutage(Consumer<Outage> listener) {
        outageListeners.add(listener);
        return this;
    }

    /** Stops the run early; results so far are kept. */
    public void abort(AbortCause cause, String reason) {
        controller.abort(cause, reason);
    }

    /**
     * Runs to the end, or until stopped: the collector starts with the timeline and feeds {@code runSinks} every
     * interval; at the end it gets the run's outages and its abort cause, tells every sink and returns the result.
     */
    public RunResult run(List<IntervalSink> runSinks) throws Exception {
        sinks = List.copyOf(runSinks);
        RunResult result;
        try {
            controller.start(recorders::get, new RunListener() {
                @Override
                public void started(long startNanos) {
                    collector(); // the collector's run starts with the timeline
                }

                @Override
                public void phaseStarted(int index, String name) {
                    collector().phaseStarted(name);
                }
            }).await(plan.totalNanos() / 1_000_000 + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } finally {
            IntervalCollector c = collector(); // stopped before its start: one empty interval, so sinks hear the end
            for (Outage o : controller.outages()) {
                c.outage(o);
                outageListeners.forEach(l -> l.accept(o));
            }
            result = c.finish(controller.abortCause(), controller.abortReason());
            c.close();
        }
        return result;
    }

    private synchronized IntervalCollector collector() {
        if (collector == null) {
            collector = new IntervalCollector(registry);
            sinks.forEach(collector::addSink);
            collector.start();
        }
        return collector;
    }
}
