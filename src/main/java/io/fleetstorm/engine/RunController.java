package io.fleetstorm.engine;

import io.fleetstorm.metrics.AbortCause;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.Outage;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Runs a {@link LoadPlan}: one {@link FleetVerticle} per event loop, a common start instant, the phase timeline, then
 * a bounded drain of in-flight operations and a clean disconnect of every device.
 */
public final class RunController {

    /** How a run ended. */
    public enum Outcome { COMPLETED, ABORTED }

    private final Vertx vertx;
    private final LoadPlan plan;
    private final int loops;
    private final RunState state;
    private final NanoClock clock;
    private final List<FleetVerticle> verticles = new ArrayList<>();
    private final List<String> deployments = new ArrayList<>();
    private final AtomicBoolean ending = new AtomicBoolean();
    private final Promise<Outcome> finished = Promise.promise();
    private long startNanos;
    private long phaseTimer = -1;
    private long endTimer = -1;
    private volatile String abortReason;
    private volatile AbortCause abortCause;
    private long requestedStartNanos = Long.MIN_VALUE;

    public RunController(Vertx vertx, LoadPlan plan, int loops, NanoClock clock) {
        this.vertx = vertx;
        this.plan = plan;
        this.loops = loops;
        this.clock = clock;
        this.state = new RunState(plan.groups().stream().map(GroupPlan::name).toList(), loops, clock);
        state.groupKinds(plan.groups());
    }

    public RunState state() {
        return state;
    }

    /**
     * Starts the timeline at this instant (nanoTime) rather than as soon as the fleet is deployed: agents of a
     * cluster run share one start instant so their phases line up. Call before {@link #start}. A fleet deployed too
     * late for it starts as soon as it can.
     */
    public RunController startAt(long nanos) {
        requestedStartNanos = nanos;
        return this;
    }

    /** Deploys the fleet verticles and starts the timeline; the future completes when the run has ended. */
    public Future<Outcome> start(IntFunction<LoopRecorder> recorders, RunListener listener) {
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < loops; i++) {
            FleetVerticle v = new FleetVerticle(plan, i, loops, recorders.apply(i), state, clock);
            verticles.add(v);
            chain = chain.compose(x -> vertx.deployVerticle(v, new DeploymentOptions()).map(deployments::add)
                    .mapEmpty());
        }
        chain.onSuccess(x -> {
            long waitMs = requestedStartNanos == Long.MIN_VALUE ? 0
                    : (requestedStartNanos - LEAD_NANOS - clock.nanoTime()) / 1_000_000;
            if (waitMs > 0) {
                phaseTimer = vertx.setTimer(waitMs, id -> begin(listener));
            } else {
                begin(listener);
            }
        }).onFailure(finished::tryFail);
        return finished.future();
    }

    /** A short lead so every loop has armed its timers before the first operation is due. */
    private static final long LEAD_NANOS = 50_000_000L;

    private void begin(RunListener listener) {
        if (ending.get()) {
            return;
        }
        startNanos = Math.max(clock.nanoTime() + LEAD_NANOS, requestedStartNanos);
        listener.started(startNanos);
        verticles.forEach(v -> v.begin(startNanos));
        announcePhases(listener, 0);
        long totalMs = Math.max(1, (startNanos + plan.totalNanos() - clock.nanoTime()) / 1_000_000);
        endTimer = vertx.setTimer(totalMs, id -> end(Outcome.COMPLETED));
    }

    private void announcePhases(RunListener listener, int index) {
        if (index >= plan.phases().size() || ending.get()) {
            return;
        }
        PhasePlan phase = plan.phases().get(index);
        long delayMs = (startNanos + phase.startNanos() - clock.nanoTime()) / 1_000_000;
        Runnable announce = () -> {
            listener.phaseStarted(index, phase.name());
            announcePhases(listener, index + 1);
        };
        if (delayMs <= 0) {
            announce.run();
        } else {
            phaseTimer = vertx.setTimer(delayMs, id -> announce.run());
        }
    }

    /** Ends the run early (a signal, an abortOnFail threshold, the controller of a cluster run); results are kept. */
    public void abort(AbortCause cause, String reason) {
        if (abortCause == null) {
            abortReason = reason;
            abortCause = cause;
        }
        end(Outcome.ABORTED);
    }

    /** Why the run was stopped early, or null. */
    public AbortCause abortCause() {
        return abortCause;
    }

    public String abortReason() {
        return abortReason;
    }

    /** The target outages the fleet saw, per group (complete once the run has ended). */
    public List<Outage> outages() {
        return state.outagesSoFar();
    }

    /** The instant (nanoTime) the timeline started. */
    public long startNanos() {
        return startNanos;
    }

    private void end(Outcome outcome) {
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        vertx.cancelTimer(phaseTimer);
        vertx.cancelTimer(endTimer);
        verticles.forEach(FleetVerticle::stopIssuing);
        long drainDeadline = clock.nanoTime() + plan.drainNanos();
        drain(drainDeadline).compose(v -> Future.join(verticles.stream().map(FleetVerticle::disconnectAll).toList()))
                .compose(v -> Future.join(deployments.stream().map(vertx::undeploy).toList()))
                .compose(v -> vertx.executeBlocking(() -> {
                    for (PhasePlan phase : plan.phases()) {
                        phase.activities().forEach(Activity::runEnded); // e.g. the registered credentials' file
                    }
                    return null;
                }))
                .onComplete(ar -> finished.tryComplete(outcome));
    }

    private Future<Void> drain(long deadlineNanos) {
        Promise<Void> drained = Promise.promise();
        vertx.setPeriodic(20, id -> {
            if (state.inFlight() == 0 || clock.nanoTime() >= deadlineNanos) {
                vertx.cancelTimer(id);
                drained.tryComplete();
            }
        });
        return drained.future();
    }
}
