package io.fleetstorm.engine;

import io.fleetstorm.device.DeviceHost;
import io.fleetstorm.device.DeviceSelection;
import io.fleetstorm.device.DeviceTls;
import io.fleetstorm.device.DeviceTransport;
import io.fleetstorm.device.VirtualDevice;
import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One event loop's share of the fleet: the devices whose index maps to this loop, the operation streams of the
 * current phase, and the loop's only timers (the scheduler, the timeout/keepalive sweep, the lag probe).
 */
final class FleetVerticle extends VerticleBase implements DeviceHost {

    /**
     * An operation may start this late before it counts as a late start: Vert.x timers have 1 ms granularity and a
     * batch of due operations takes time; its latency is measured from the intended time either way.
     */
    static final long LATE_TOLERANCE_NANOS = 25_000_000;
    // One scheduler pass runs at most this long before it yields to I/O. A loop that had fallen behind (a busy
    // machine, a ramp faster than the loop) used to run its whole backlog in one pass: at 2,500 connects/s on a
    // machine with load average 13 both loops sat 9 s in connect() without reading a CONNACK, and 14,964 of 15,000
    // devices timed out (bench/compare.py idle-15k). The backlog now drains in slices; late starts are still counted.
    static final long MAX_PASS_NANOS = 20_000_000L;
    private static final long SWEEP_INTERVAL_MS = 100;
    private static final long LAG_PROBE_MS = 50;

    private final LoadPlan plan;
    private final int shard;
    private final int shards;
    private final LoopRecorder recorder;
    private final RunState state;
    private final NanoClock clock;
    private final List<ReconnectTracker> storms;
    private long runStartNanos;
    private VirtualDevice[][] devices;
    private final List<VirtualDevice> dirty = new ArrayList<>();
    private final PriorityQueue<OpStream> streams = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos(),
            b.dueNanos()));
    private final PriorityQueue<Timed> reconnects = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos, b.atNanos));
    private DeviceTransport transport;
    private DeviceTls tls;
    private HubApiClient api;
    private io.vertx.core.http.HttpClient http;
    private final java.util.Map<Activity.OtaWave, Promise<Object>> otaTasks;
    private long schedulerTimer = -1;
    private long schedulerDueNanos = Long.MAX_VALUE;
    private int localAddressCursor;
    private boolean stopping;
    private int phaseIndex = -1;

    FleetVerticle(LoadPlan plan, int shard, int shards, LoopRecorder recorder, RunState state, NanoClock clock,
            List<ReconnectTracker> storms, java.util.Map<Activity.OtaWave, Promise<Object>> otaTasks) {
        this.otaTasks = otaTasks;
        this.plan = plan;
        this.shard = shard;
        this.shards = shards;
        this.recorder = recorder;
        this.state = state;
        this.clock = clock;
        this.storms = storms;
    }

    @Override
    public Future<?> start() {
        transport = new DeviceTransport(context, 10_000);
        if (plan.tls() != null) {
            tls = new DeviceTls(plan.tls().trusted(), plan.tls().insecure());
        }
        if (plan.apiUrl() != null) {
            api = new HubApiClient(vertx, plan.apiUrl(), plan.apiOptions());
        }
        devices = new VirtualDevice[plan.groups().size()][];
        for (int g = 0; g < devices.length; g++) {
            GroupPlan group = plan.groups().get(g);
            int local = group.count() / shards + (shard < group.count() % shards ? 1 : 0);
            devices[g] = new VirtualDevice[local];
            for (int i = 0; i < local; i++) {
                int index = i * shards + shard;
                devices[g][i] = new VirtualDevice(this, group.profile(), group.ids().apply(index),
                        group.psks().apply(index), group.certificates().apply(index));
            }
        }
        vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> sweep());
        startLagProbe();
        return Future.succeededFuture();
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
        streams.clear();
        if (index >= plan.phases().size()) {
            return;
        }
        PhasePlan phase = plan.phases().get(index);
        long start = runStartNanos + phase.startNanos();
        long end = start + phase.durationNanos();
        for (Activity activity : phase.activities()) {
            int count = plan.groups().get(activity.group()).count();
            if (activity instanceof Activity.ConnectRamp) {
                streams.add(new OpStream(activity, start, end, count, shard, shards, count));
            } else if (activity instanceof Activity.ReconnectStorm storm && !storm.atOnce()) {
                activeStorm = phaseStormTracker(index, activity);
                OpStream stream = new OpStream(activity, start, end, count, shard, shards, count);
                if (stream.dueNanos() == Long.MAX_VALUE) {
                    stormShardDone(storm, activeStorm); // no device of the group on this loop
                } else {
                    streams.add(stream);
                }
            } else if (!(activity instanceof Activity.ReconnectStorm) && !(activity instanceof Activity.OtaWave)) {
                streams.add(new OpStream(activity, start, end, count, shard, shards, Long.MAX_VALUE));
            }
            if (activity instanceof Activity.ReconnectStorm storm && storm.atOnce()) {
                scheduleAt(start, () -> shed(storm, phaseStormTracker(index, activity)));
            } else if (activity instanceof Activity.OtaWave wave) {
                scheduleAt(start, () -> otaWave(wave, start));
            }
        }
        scheduleAt(end, () -> enterPhase(index + 1));
        armScheduler();
    }

    // ---- the scheduler: the only timer code of the device side ----

    /** A device reconnect or a phase task due at a time. */
    private record Timed(long atNanos, VirtualDevice device, Runnable task) {
    }

    private final PriorityQueue<Timed> oneShots = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos, b.atNanos));

    private void scheduleAt(long atNanos, Runnable task) {
        oneShots.add(new Timed(atNanos, null, task));
        armScheduler();
    }

    private long nextDue() {
        long due = Long.MAX_VALUE;
        OpStream s = streams.peek();
        if (s != null) {
            due = s.dueNanos();
        }
        if (!oneShots.isEmpty()) {
            due = Math.min(due, oneShots.peek().atNanos);
        }
        if (!reconnects.isEmpty()) {
            due = Math.min(due, reconnects.peek().atNanos);
        }
        return due;
    }

    private void armScheduler() {
        long due = nextDue();
        if (due == Long.MAX_VALUE || stopping) {
            return;
        }
        if (schedulerTimer >= 0 && due >= schedulerDueNanos) {
            return; // the armed timer fires first
        }
        if (schedulerTimer >= 0) {
            vertx.cancelTimer(schedulerTimer);
        }
        long delayMs = Math.max(1, (due - clock.nanoTime() + 999_999) / 1_000_000);
        schedulerDueNanos = due;
        schedulerTimer = vertx.setTimer(delayMs, id -> {
            schedulerTimer = -1;
            schedulerDueNanos = Long.MAX_VALUE;
            runDue();
        });
    }

    private void runDue() {
        long now = clock.nanoTime();
        long passEndNanos = now + MAX_PASS_NANOS;
        while (!stopping) {
            long due = nextDue();
            if (due > now || now > passEndNanos) {
                break; // past the budget: the timer re-enters in 1 ms, after the loop has read its sockets
            }
            if (!oneShots.isEmpty() && oneShots.peek().atNanos == due) {
                oneShots.poll().task.run();
            } else if (!reconnects.isEmpty() && reconnects.peek().atNanos == due) {
                Timed r = reconnects.poll();
                r.device.reconnectDue(r.atNanos);
            } else {
                OpStream s = streams.poll();
                execute(s, now);
                s.advance();
                if (s.dueNanos() != Long.MAX_VALUE) {
                    streams.add(s);
                } else if (s.activity instanceof Activity.ReconnectStorm storm) {
                    stormShardDone(storm, activeStorm); // every device of this loop had its turn
                }
            }
            now = clock.nanoTime();
        }
        flushDirty();
        armScheduler();
    }

    private void execute(OpStream stream, long now) {
        long intended = stream.dueNanos();
        boolean late = now - intended > LATE_TOLERANCE_NANOS;
        state.started(late);
        Activity activity = stream.activity;
        recorder.operationStarted(activity.group(), intended, now);
        int local = stream.device() / shards;
        VirtualDevice device = devices[activity.group()][local];
        if (activity instanceof Activity.ConnectRamp) {
            device.connect(intended);
        } else if (activity instanceof Activity.Publish p) {
            byte[] payload = p.payload().render(device.id(), stream.sequence(), clock.epochMillis());
            boolean sent = "echo".equals(p.behaviour()) ? device.echo(payload, p.qos(), intended)
                    : device.publish(topic(stream, local, device, p), payload, p.qos(), p.behaviour(), intended);
            skippedUnless(sent, device, activity);
        } else if (activity instanceof Activity.ReconnectStorm storm) {
            if (device.isReady() && DeviceSelection.unitHash(device.id().deviceName()) < storm.fraction()) {
                drop(device, storm, activeStorm);
            }
        } else if (activity instanceof Activity.ShadowReport) {
            JsonObject reported = new JsonObject().put("temperature", 20 + (stream.sequence() % 100) / 10.0)
                    .put("seq", stream.sequence());
            skippedUnless(device.shadowUpdate(reported, intended), device, activity);
        } else if (activity instanceof Activity.ShadowGet) {
            skippedUnless(device.shadowGet(intended), device, activity);
        } else if (activity instanceof Activity.ShadowDesired) {
            JsonObject ids = new JsonObject().put("ProductId", device.id().productId())
                    .put("DeviceName", device.id().deviceName());
            // a value the device cannot already report (sequences restart with each phase): the intended instant
            String state = new JsonObject().put("desired", new JsonObject().put("target", intended)).encode();
            // as an application does: read the shadow's version, then update with it (the API checks it)
            applicationCall(device, activity, intended, () -> api.call("DescribeDeviceShadow", ids.copy())
                    .compose(described -> api.call("UpdateDeviceShadow", ids.copy().put("State", state)
                            .put("ShadowVersion", new JsonObject(described.getString("Data")).getLong("version")))));
        } else if (activity instanceof Activity.Downlink d) {
            byte[] payload = d.payload().render(device.id(), stream.sequence(), clock.epochMillis());
            JsonObject params = new JsonObject()
                    .put("ProductId", device.id().productId()).put("DeviceName", device.id().deviceName())
                    .put("Topic", Topics.control(device.id()))
                    .put("Payload", new String(payload, java.nio.charset.StandardCharsets.UTF_8))
                    .put("Qos", d.qos());
            applicationCall(device, activity, intended, () -> api.call("PublishMessage", params));
        }
    }

    private void skippedUnless(boolean sent, VirtualDevice device, Activity activity) {
        if (!sent) {
            recorder.error(activity.group(), "skipped", device.isReady() ? "not_writable" : "not_connected");
        }
    }

    /** An application-side action through the hub API; the device waits for its effect, measured from intended. */
    private void applicationCall(VirtualDevice device, Activity activity, long intended,
            java.util.function.Supplier<Future<JsonObject>> call) {
        if (api == null) {
            recorder.error(activity.group(), "api", "no_api_url");
            return;
        }
        if (!device.isReady()) {
            recorder.error(activity.group(), "skipped", "not_connected");
            return;
        }
        boolean downlink = activity instanceof Activity.Downlink;
        long now = clock.nanoTime();
        if (downlink) {
            device.expectDownlink(intended, now);
        } else {
            device.expectDelta(intended, now);
        }
        recorder.count(activity.group(), Counter.MESSAGES_SENT, downlink ? "downlink" : "shadow-desired", 0, 1);
        call.get().onFailure(failure -> {
            if (downlink) {
                device.cancelExpectedDownlink();
            } else {
                device.cancelExpectedDelta();
            }
            recorder.error(activity.group(), "api", failure instanceof HubApiClient.ApiError e ? e.code
                    : "http_" + failure.getClass().getSimpleName().toLowerCase());
        });
    }

    // Built once per device and phase: concatenating and checking the topic on every publish was ~7% of the event
    // loops' samples at 20k QoS 0 msg/s (JFR, bench/compare.py qos0-20k).
    private static String topic(OpStream stream, int local, VirtualDevice device, Activity.Publish p) {
        String cached = stream.cachedTopic(local);
        return cached != null ? cached : stream.cacheTopic(local, topic(device, p.topicSuffix()));
    }

    private static String topic(VirtualDevice device, String suffix) {
        return switch (suffix) {
            case "event" -> Topics.event(device.id());
            case "data" -> Topics.data(device.id());
            default -> Topics.custom(device.id(), suffix);
        };
    }

    // ---- reconnect storms ----

    private ReconnectTracker phaseStormTracker(int phase, Activity activity) {
        int index = 0;
        for (int p = 0; p < plan.phases().size(); p++) {
            for (Activity a : plan.phases().get(p).activities()) {
                if (a instanceof Activity.ReconnectStorm) {
                    if (p == phase && a == activity) {
                        return storms.get(index);
                    }
                    index++;
                }
            }
        }
        throw new IllegalStateException("storm not planned");
    }

    private ReconnectTracker activeStorm;

    private void shed(Activity.ReconnectStorm storm, ReconnectTracker tracker) {
        activeStorm = tracker;
        for (VirtualDevice d : devices[storm.group()]) {
            if (d.isReady() && DeviceSelection.unitHash(d.id().deviceName()) < storm.fraction()) {
                drop(d, storm, tracker);
            }
        }
        stormShardDone(storm, tracker);
    }

    private void stormShardDone(Activity.ReconnectStorm storm, ReconnectTracker tracker) {
        long now = clock.nanoTime();
        if (tracker.shardDone(now)) {
            recorder.recordLatency(storm.group(), Operation.RECONNECT_RECOVERY, tracker.intendedNanos(),
                    tracker.intendedNanos(), now);
        }
    }

    private static void drop(VirtualDevice d, Activity.ReconnectStorm storm, ReconnectTracker tracker) {
        tracker.droppedOne();
        d.markDroppedInStorm();
        if (storm.abrupt()) {
            d.dropAbruptly();
        } else {
            d.dropCleanly();
        }
    }

    // ---- OTA waves ----

    private void otaWave(Activity.OtaWave wave, long intendedNanos) {
        GroupPlan group = plan.groups().get(wave.group());
        Future<?> ready = Future.succeededFuture();
        if (wave.createTask() && shard == 0) {
            ready = createOtaTask(wave, group);
        } else if (wave.createTask()) {
            ready = otaTasks.computeIfAbsent(wave, w -> Promise.promise()).future();
        }
        ready.onComplete(ar -> context.runOnContext(v -> {
            if (ar.failed()) {
                recorder.error(wave.group(), "api", "ota_task_" + ar.cause().getMessage());
            }
            for (VirtualDevice d : devices[wave.group()]) {
                if (!d.reportVersion(wave.behaviour(), intendedNanos)) {
                    recorder.error(wave.group(), "skipped", "not_connected");
                }
            }
            flushDirty();
        }));
    }

    private Future<?> createOtaTask(Activity.OtaWave wave, GroupPlan group) {
        Promise<Object> shared = otaTasks.computeIfAbsent(wave, w -> Promise.promise());
        if (api == null) {
            shared.tryFail("no_api_url");
            return shared.future();
        }
        io.vertx.core.json.JsonArray names = new io.vertx.core.json.JsonArray();
        for (int i = 0; i < group.count(); i++) {
            String name = group.ids().apply(i).deviceName();
            if (DeviceSelection.unitHash(name) < wave.fraction()) {
                names.add(name);
            }
        }
        String productId = group.profile().productId();
        api.call("UploadFirmware", new JsonObject().put("ProductId", productId)
                        .put("FirmwareVersion", wave.firmwareVersion()).put("FileSize", wave.firmwareBytes()))
                .compose(r -> names.isEmpty() ? Future.succeededFuture(r) : api.call("PublishFirmwareUpdateMessage",
                        new JsonObject().put("ProductId", productId).put("FirmwareVersion", wave.firmwareVersion())
                                .put("DeviceNames", names)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        shared.tryComplete(ar.result());
                    } else {
                        shared.tryFail(ar.cause() instanceof HubApiClient.ApiError e ? e.code : "http");
                    }
                });
        return shared.future();
    }

    // ---- DeviceHost ----

    @Override
    public io.vertx.core.http.HttpClient http() {
        if (http == null) {
            http = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setKeepAlive(true),
                    new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
        }
        return http;
    }

    @Override
    public void setTimer(long delayMs, Runnable task) {
        vertx.setTimer(Math.max(1, delayMs), id -> {
            task.run();
            flushDirty();
        });
    }


    @Override
    public DeviceTransport transport() {
        return transport;
    }

    @Override
    public DeviceTls tls() {
        return tls;
    }

    @Override
    public LoopRecorder recorder() {
        return recorder;
    }

    @Override
    public SocketAddress target() {
        return plan.target();
    }

    @Override
    public SocketAddress nextLocalAddress() {
        List<InetSocketAddress> locals = plan.localAddresses();
        if (locals.isEmpty()) {
            return null;
        }
        localAddressCursor = (localAddressCursor + 1) % locals.size();
        return locals.get(localAddressCursor);
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public long epochMillis() {
        return clock.epochMillis();
    }

    @Override
    public void flushLater(VirtualDevice device) {
        if (!device.markDirty()) {
            dirty.add(device);
        }
    }

    private void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }

    @Override
    public void scheduleReconnect(VirtualDevice device, long atNanos) {
        if (stopping) {
            return;
        }
        reconnects.add(new Timed(atNanos, device, null));
        armScheduler();
    }

    @Override
    public void ready(VirtualDevice device) {
        state.deviceReady(device.profile().groupIndex());
        if (activeStorm != null && device.takeDroppedInStorm() && activeStorm.cameBack(clock.nanoTime())) {
            long now = clock.nanoTime();
            recorder.recordLatency(device.profile().groupIndex(), Operation.RECONNECT_RECOVERY,
                    activeStorm.intendedNanos(), activeStorm.intendedNanos(), now);
        }
    }

    @Override
    public void disconnected(VirtualDevice device, boolean wanted, boolean wasReady) {
        if (wasReady) {
            state.deviceGone(device.profile().groupIndex());
        }
    }

    @Override
    public void received(VirtualDevice device, String topic, byte[] payload) {
        // not claimed by the device's own shadow, OTA, echo or downlink handling (e.g. broadcasts): counted only
    }

    // ---- sweep and lag ----

    private void sweep() {
        long now = clock.nanoTime();
        long inFlight = 0;
        for (VirtualDevice[] group : devices) {
            for (VirtualDevice d : group) {
                d.sweep(now);
                inFlight += d.inFlight();
            }
        }
        flushDirty();
        state.inFlight(shard, inFlight);
    }

    private long lagExpectedNanos;

    private void startLagProbe() {
        lagExpectedNanos = clock.nanoTime() + LAG_PROBE_MS * 1_000_000L;
        vertx.setPeriodic(LAG_PROBE_MS, id -> {
            long now = clock.nanoTime();
            recorder.recordLoopLag(Math.max(0, now - lagExpectedNanos));
            lagExpectedNanos = now + LAG_PROBE_MS * 1_000_000L;
        });
    }

    /** Stops issuing operations; in-flight ones may still complete. */
    void stopIssuing() {
        context.runOnContext(v -> {
            stopping = true;
            streams.clear();
            oneShots.clear();
            reconnects.clear();
            if (schedulerTimer >= 0) {
                vertx.cancelTimer(schedulerTimer);
            }
        });
    }

    /** Disconnects every device cleanly; completes when their channels are closed. */
    Future<Void> disconnectAll() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            for (VirtualDevice[] group : devices) {
                for (VirtualDevice d : group) {
                    d.disconnect(false);
                }
            }
            vertx.setTimer(200, id -> done.complete());
        });
        return done.future();
    }

    long inFlight() {
        long sum = 0;
        for (VirtualDevice[] group : devices) {
            for (VirtualDevice d : group) {
                sum += d.inFlight();
            }
        }
        return sum;
    }

    int phaseIndex() {
        return phaseIndex;
    }
}
