package io.fleetstorm.engine;

import io.fleetstorm.device.LogicalDevice;
import io.fleetstorm.device.SubDevice;
import io.fleetstorm.device.VertxTransport;
import io.fleetstorm.device.VirtualDevice;
import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.NanoClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

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
    /** Every group's devices on this loop: connections, or a sub-device group's sub-devices. */
    private LogicalDevice[][] devices;
    /** The devices with connections of their own (empty for sub-device groups): the sweep walks these. */
    private VirtualDevice[][] sockets;
    private LoopHost host;
    private FeatureApi featureApi;
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
        devices = new LogicalDevice[plan.groups().size()][];
        sockets = new VirtualDevice[plan.groups().size()][];
        for (int g = 0; g < devices.length; g++) {
            GroupPlan group = plan.groups().get(g);
            if (group.subDevices()) {
                continue; // after their gateways
            }
            int local = group.count() / shards + (shard < group.count() % shards ? 1 : 0);
            sockets[g] = new VirtualDevice[local];
            for (int i = 0; i < local; i++) {
                int index = i * shards + shard;
                sockets[g][i] = new VirtualDevice(host, group.profile(), group.ids().apply(index),
                        group.psks().apply(index), group.certificates().apply(index));
            }
            devices[g] = sockets[g];
        }
        for (int g = 0; g < devices.length; g++) {
            if (plan.groups().get(g).subDevices()) {
                devices[g] = subDevices(plan.groups().get(g));
                sockets[g] = new VirtualDevice[0];
            }
            // the whole that shares of devices (an OTA wave's, a storm's) are printed against
            recorder.count(g, Counter.DEVICES_PLANNED, null, 0, devices[g].length);
        }
        vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> sweep());
        startLagProbe();
        return Future.succeededFuture();
    }

    /**
     * The sub-devices behind this loop's gateways: gateway j (of the gateway group) carries sub-devices
     * j * perGateway .. (j + 1) * perGateway - 1, so a gateway's sub-devices live on its loop.
     */
    private SubDevice[] subDevices(GroupPlan group) {
        VirtualDevice[] gateways = sockets[group.gatewayGroup()];
        int per = group.perGateway();
        SubDevice[] subs = new SubDevice[gateways.length * per];
        for (int j = 0; j < gateways.length; j++) {
            int first = (j * shards + shard) * per;
            for (int s = 0; s < per; s++) {
                int index = first + s;
                byte[] psk = group.psks().apply(index);
                subs[j * per + s] = new SubDevice(group.profile(), group.ids().apply(index),
                        psk == null ? "" : Base64.getEncoder().encodeToString(psk), gateways[j]).attach();
            }
        }
        return subs;
    }

    @Override
    public Future<?> stop() {
        return Future.join(application.close(), host.close(),
                featureApi == null ? Future.succeededFuture() : featureApi.close());
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
    public LogicalDevice[] devices(int group) {
        return devices[group];
    }

    @Override
    public int groupSize(int group) {
        return plan.groups().get(group).count();
    }

    @Override
    public void stream(Activity activity, long startNanos, long endNanos, long limit) {
        GroupPlan group = plan.groups().get(activity.group());
        scheduler.add(new OpStream(activity, startNanos, endNanos, group.count(), shard, shards, limit,
                group.perGateway()));
    }

    @Override
    public void streamHere(Activity activity, long startNanos, long endNanos) {
        if (devices[activity.group()].length > 0) {
            scheduler.add(new OpStream(activity, startNanos, endNanos, 1, 0, 1, Long.MAX_VALUE));
        }
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public int shard() {
        return shard;
    }

    @Override
    public FeatureApi featureApi() {
        if (featureApi == null) {
            featureApi = new FeatureApi(vertx, plan);
        }
        return featureApi;
    }

    @Override
    public void afterSetup(Object key, int group, Supplier<Future<?>> prepare, Runnable then) {
        Promise<Object> shared = state.setup(key);
        if (shard == 0) {
            prepare.get().onComplete(ar -> {
                if (ar.failed()) {
                    shared.tryFail(ar.cause());
                } else {
                    shared.tryComplete();
                }
            });
        }
        shared.future().onComplete(ar -> context.runOnContext(v -> {
            if (ar.failed() && shard == 0) {
                recorder.error(group, "api", FeatureApi.code(ar.cause()));
            }
            then.run();
            host.flushDirty();
        }));
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
            runner = new StormRunner(storm, state.tracker(storm, phaseStartNanos), sockets[storm.group()], recorder,
                    clock);
            storms.put(storm, runner);
            host.addStorm(runner);
        }
        return runner;
    }

    @Override
    public void skipped(int group, LogicalDevice device) {
        skipped(group, device.isReady() ? "not_writable" : "not_connected");
    }

    @Override
    public void error(int group, String kind, String reason) {
        recorder.error(group, kind, reason);
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
        for (VirtualDevice[] group : sockets) {
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
            for (LogicalDevice[] group : devices) {
                for (LogicalDevice d : group) {
                    if (d instanceof SubDevice sub && sub.neverConnected()) {
                        recorder.count(d.profile().groupIndex(), Counter.DEVICES_NEVER_CONNECTED, null, 0, 1);
                    }
                }
            }
            for (VirtualDevice[] group : sockets) {
                for (VirtualDevice d : group) {
                    if (d.neverConnected() && !d.profile().gateway()) { // a gateway is a socket, not a device
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
