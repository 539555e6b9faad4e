package io.fleetstorm.engine;

import io.fleetstorm.device.DeviceHost;
import io.fleetstorm.device.DeviceTls;
import io.fleetstorm.device.DeviceTransport;
import io.fleetstorm.device.SubDevice;
import io.fleetstorm.device.VirtualDevice;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.NanoClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host of one event loop's devices: their transport, TLS, clocks and recorder, the flush at the end of each batch,
 * reconnects through the loop's {@link Scheduler}, and what their connects and losses mean to the run: the connected
 * gauge, the recovery of the storm that dropped them, or a target outage ({@link OutageWatch}).
 */
final class LoopHost implements DeviceHost {

    private final Vertx vertx;
    private final LoadPlan plan;
    private final LoopRecorder recorder;
    private final NanoClock clock;
    private final RunState state;
    private final DeviceTransport transport;
    private final DeviceTls tls;
    private final OutageWatch[] outages;
    private final List<VirtualDevice> dirty = new ArrayList<>();
    private final List<StormRunner> storms = new ArrayList<>();
    /** Devices lost in what may be (or is) an outage, until they are back. */
    private final Map<VirtualDevice, OutageWatch.Loss> lost = new IdentityHashMap<>();
    private Scheduler scheduler;
    private HttpClient http;
    private HttpClient oneShotHttp;
    /**
     * Registrations one loop keeps open at once. Each device of a storm has its own connection; this only bounds
     * what one process opens (with the embedded hub in the process, twice this many descriptors per loop).
     */
    static final int ONE_SHOT_CONNECTIONS = 4_096;
    private int localAddressCursor;
    private boolean stopping;

    LoopHost(Vertx vertx, LoadPlan plan, LoopRecorder recorder, NanoClock clock, RunState state,
            DeviceTransport transport, OutageWatch[] outages) {
        this.vertx = vertx;
        this.plan = plan;
        this.recorder = recorder;
        this.clock = clock;
        this.state = state;
        this.transport = transport;
        this.tls = plan.tls() == null ? null : new DeviceTls(plan.tls().trusted(), plan.tls().insecure());
        this.outages = outages;
    }

    void scheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void addStorm(StormRunner storm) {
        storms.add(storm);
    }

    /** The run stops issuing: losses from now on are the end's, not outages, and nobody reconnects. */
    void stopping() {
        stopping = true;
    }

    /** Flushes every device written to since the last flush: one syscall per device and batch. */
    void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }

    Future<Void> close() {
        return Future.join(http == null ? Future.succeededFuture() : http.close(),
                oneShotHttp == null ? Future.succeededFuture() : oneShotHttp.close()).mapEmpty();
    }

    @Override
    public DeviceTransport transport() {
        return transport;
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
    public SocketAddress target(int group) {
        return plan.targetOf(group);
    }

    @Override
    public DeviceTls tls() {
        return tls;
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
    public HttpClient http() {
        if (http == null) {
            http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(64));
        }
        return http;
    }

    @Override
    public HttpClient oneShotHttp() {
        if (oneShotHttp == null) {
            // a connection per request, as every device of a registration storm opens its own: no pool to queue in
            oneShotHttp = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
                    new PoolOptions().setHttp1MaxSize(ONE_SHOT_CONNECTIONS));
        }
        return oneShotHttp;
    }

    @Override
    public void setTimer(long delayMs, Runnable task) {
        vertx.setTimer(Math.max(1, delayMs), id -> {
            task.run();
            flushDirty();
        });
    }

    @Override
    public void flushLater(VirtualDevice device) {
        if (!device.markDirty()) {
            dirty.add(device);
        }
    }

    @Override
    public void scheduleReconnect(VirtualDevice device, long atNanos) {
        if (!stopping) {
            scheduler.at(atNanos, () -> device.reconnectDue(atNanos));
        }
    }

    @Override
    public void ready(VirtualDevice device) {
        int group = device.profile().groupIndex();
        state.deviceReady(group);
        for (int i = 0; i < storms.size() && !storms.get(i).cameBack(device); i++) {
            // the storm that dropped it, if any, measures its recovery
        }
        OutageWatch.Loss loss = lost.isEmpty() ? null : lost.remove(device);
        if (loss != null) {
            outages[group].back(loss, clock.nanoTime());
        }
    }

    @Override
    public void disconnected(VirtualDevice device, boolean wanted, boolean wasReady, int unacknowledged) {
        if (!wasReady) {
            return;
        }
        int group = device.profile().groupIndex();
        state.deviceGone(group);
        if (wanted || stopping || droppedByStorm(device)) {
            return;
        }
        lost.put(device, outages[group].lost(clock.nanoTime(), unacknowledged, state.connected(group)));
    }

    private boolean droppedByStorm(VirtualDevice device) {
        for (StormRunner s : storms) {
            if (s.holds(device)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void subDeviceReady(SubDevice device, boolean ready) {
        if (ready) {
            state.deviceReady(device.profile().groupIndex());
        } else {
            state.deviceGone(device.profile().groupIndex());
        }
    }

    @Override
    public void flushNow() {
        flushDirty();
    }

    @Override
    public void received(VirtualDevice device, String topic, byte[] payload) {
        // not claimed by the device's own features (e.g. broadcasts): counted by the device only
    }
}
