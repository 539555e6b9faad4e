package io.fleetstorm.engine;

import io.fleetstorm.device.VertxTransport;
import io.fleetstorm.device.VirtualDevice;
import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.NanoClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One event loop's share of the fleet: the devices whose index maps to this loop, and the phases of the timeline,
 * whose activities schedule and run themselves on the loop's {@link Scheduler}. Besides the scheduler's timer, the
 * loop's only timers are the timeout/keepalive sweep and the lag probe.
 */
final class FleetVerticle extends VerticleBase implements FleetLoop, Scheduler.Runner {

    private static final long SWEEP_INTERVAL_MS = 100;
    private static final long LAG_PROBE_MS = 50;
    /** The TCP connect timeout; a connect attempt's CONNACK deadline (the profile's, 5 s by default) comes first. */
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final LoadPlan plan;
    private final int shard;
    private final int shards;
    private final LoopRecorder recorder;
    private final RunState state;
    private final NanoClock clock;
    private final Map<Activity.ReconnectStorm, StormRunner> storms = new IdentityHashMap<>();
    private VirtualDevice[][] devices;
    private LoopHost host;
    private Scheduler scheduler;
    private ApplicationSide application;
    private long runStartNanos;
    private long phaseStartNanos;
    private volatile int phaseIndex = -1;
    private long lagExpectedNanos;

    FleetVerticle(LoadPlan plan, int shard, int shards, LoopRecorder recorder, RunState state, NanoClock clock) {
        this.plan = plan;
        this.shard = shard;
        this.shards = shards;
        this.recorder = recorder;
        this.state = state;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        host = new LoopHost(vertx, plan, recorder, clock, state, new VertxTransport(context, CONNECT_TIMEOUT_MS),
                state.outages());
        scheduler = new Scheduler(clock, new Scheduler.Timers() {
            @Override
            public long set(long delayMs, Runnable fire) {
                return vertx.setTimer(delayMs, id -> fire.run());
            }

            @Override
            public void cancel(long timerId) {
                vertx.cancelTimer(timerId);
            }
        }, this);
        host.scheduler(scheduler);
        application = ApplicationSide.create(this, plan, shard, recorder, clock, context, host::flushDirty,
                state.otaTasks());
        devices = new VirtualDevice[plan.groups().size()][];
        for (int g = 0; g < devices.length; g++) {
            GroupPlan group = plan.groups().get(g);
            int local = group.count() / shards + (shard < group.count() % shards ? 1 : 0);
            devices[g] = new VirtualDevice[local];
            // the whole that shares of devices (an OTA wave's, a storm's) are printed against
            recorder.count(g, Counter.DEVICES_PLANNED, null, 0, local);
            for (int i = 0; i < local; i++) {
                int index = i * shards + shard;
                devices[g][i] = new VirtualDevice(host, group.profile(), group.ids().apply(index),
                        group.psks().apply(index), group.certificates().apply(index));
            }
        }
        vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> sweep());
        startLagProbe();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return Future.join(application.close(), host.close());
    }

    /** Starts the timeline at {@code startNanos} (a common instant for every loop). */
    void begin(long startNanos) {
        context.runOnContext(v -> {
            runStartNanos = startNanos;
            enterPhase(0);
        });
    }

    private void enterPhase(int index) {
        phaseIndex = index;
        scheduler.clearStreams();
        if (index >= plan.phases().size()) {
            return;
        }
        PhasePlan phase = plan.phases().get(index);
        phaseStartNanos = runStartNanos + phase.startNanos();
        long end = phaseStartNanos + phase.durationNanos();
        for (Activity activity : phase.activities()) {
            activity.enter(this, phaseStartNanos, end);
        }
        scheduler.at(end, () -> enterPhase(index + 1));
    }

    // ---- FleetLoop: what activities reach ----

    @Override
    public VirtualDevice[] devices(int group) {
        return devices[group];
    }

    @Override
    public int groupSize(int group) {
        return plan.groups().get(group).count();
    }

    @Override
    public void stream(Activity activity, long startNanos, long endNanos, long limit) {
        scheduler.add(new OpStream(activity, startNanos, endNanos, groupSize(activity.group()), shard, shards, limit));
    }

    @Override
    public void at(long atNanos, Runnable task) {
        scheduler.at(atNanos, task);
    }

    @Override
    public long epochMillis() {
        return clock.epochMillis();
    }

    @Override
    public ApplicationSide application() {
        return application;
    }

    @Override
    public StormRunner storm(Activity.ReconnectStorm storm) {
        StormRunner runner = storms.get(storm);
        if (runner == null) {
            runner = new StormRunner(storm, state.tracker(storm, phaseStartNanos), devices[storm.group()], recorder,
                    clock);
            storms.put(storm, runner);
            host.addStorm(runner);
        }
        return runner;
    }

    @Override
    public void skipped(int group, VirtualDevice device) {
        recorder.error(group, "skipped", device.isReady() ? "not_writable" : "not_connected");
    }

    // ---- Scheduler.Runner: the dispatch, one call per operation ----

    @Override
    public void run(OpStream stream, long intendedNanos, long nowNanos) {
        Activity activity = stream.activity;
        recorder.operationStarted(activity.group(), intendedNanos, nowNanos);
        activity.execute(this, stream, devices[activity.group()][stream.localDevice()], intendedNanos);
    }

    @Override
    public void done(OpStream stream) {
        stream.activity.streamDone(this);
    }

    @Override
    public void passEnded() {
        host.flushDirty();
    }

    // ---- sweep, lag, end ----

    private void sweep() {
        long now = clock.nanoTime();
        long inFlight = 0;
        for (VirtualDevice[] group : devices) {
            for (VirtualDevice d : group) {
                d.sweep(now);
                inFlight += d.inFlight();
            }
        }
        host.flushDirty();
        state.inFlight(shard, inFlight);
    }

    private void startLagProbe() {
        lagExpectedNanos = clock.nanoTime() + LAG_PROBE_MS * 1_000_000L;
        vertx.setPeriodic(LAG_PROBE_MS, id -> {
            long now = clock.nanoTime();
            recorder.recordLoopLag(Math.max(0, now - lagExpectedNanos));
            lagExpectedNanos = now + LAG_PROBE_MS * 1_000_000L;
        });
    }

    /** Stops issuing operations and reconnects; in-flight ones may still complete. */
    void stopIssuing() {
        context.runOnContext(v -> {
            host.stopping();
            scheduler.stop();
        });
    }

    /**
     * The end of the run: counts the devices that were due to connect and never did, then disconnects every device
     * cleanly (what is still unanswered is abandoned, not failed); completes when their channels are closed.
     */
    Future<Void> disconnectAll() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            for (VirtualDevice[] group : devices) {
                for (VirtualDevice d : group) {
                    if (d.neverConnected()) {
                        recorder.count(d.profile().groupIndex(), Counter.DEVICES_NEVER_CONNECTED, null, 0, 1);
                    }
                    d.disconnect();
                }
            }
            host.flushDirty();
            vertx.setTimer(200, id -> done.complete());
        });
        return done.future();
    }

    int phaseIndex() {
        return phaseIndex;
    }
}
