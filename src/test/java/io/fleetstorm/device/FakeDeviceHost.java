package io.fleetstorm.device;

import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.metrics.FakeClock;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.IntervalSnapshot;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.RunInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.embedded.EmbeddedChannel;
import io.vertx.core.http.HttpClient;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * A device host without sockets or Vert.x: channels are Netty {@link EmbeddedChannel}s whose connects succeed, are
 * refused or time out as scripted; time is a {@link FakeClock}; reconnects, readiness and losses are recorded; the
 * recorder is a real one, read through an {@link IntervalCollector}.
 */
public final class FakeDeviceHost implements DeviceHost {

    /** What the next connect does. */
    enum Outcome { ACCEPT, REFUSE, TIMEOUT, HANG }

    /** A reconnect the device asked for. */
    record Reconnect(VirtualDevice device, long atNanos) {
    }

    /** A loss the device reported. */
    record Loss(boolean wanted, boolean wasReady, int unacknowledged) {
    }

    final FakeClock clock = new FakeClock();
    /** An HTTP client for device ITs that talk to a real server; null in unit tests. */
    HttpClient http;
    final List<TestChannel> channels = new ArrayList<>();
    final List<Reconnect> reconnects = new ArrayList<>();
    final List<Loss> losses = new ArrayList<>();
    final List<VirtualDevice> ready = new ArrayList<>();
    private final ArrayDeque<Outcome> outcomes = new ArrayDeque<>();
    private final MetricsRegistry registry = new MetricsRegistry(new RunInfo("test", "test", List.of("g0", "g1"),
            List.of()));
    /** Timers set by devices: due instant (nanoTime) and task, run by {@link #advanceMillis}. */
    private final List<Object[]> timers = new ArrayList<>();
    /** Sub-devices that became ready (true) or stopped being ready (false), in order. */
    final List<String> subDeviceEvents = new ArrayList<>();
    private final LoopRecorder recorder = registry.newLoopRecorder();
    private final IntervalCollector collector = new IntervalCollector(registry, clock, TimeUnit.SECONDS.toNanos(1));
    private final List<VirtualDevice> dirty = new ArrayList<>();
    private final RandomGenerator random = new SplittableRandom(42);

    /** A device of {@code profile} (no subscriptions) connected through this host: READY. */
    public VirtualDevice connectedDevice(DeviceProfile profile, DeviceId id, byte[] psk) {
        VirtualDevice d = new VirtualDevice(this, profile, id, psk, null);
        d.connect(nanoTime());
        sent();
        receive(0x20, 0x02, 0x00, 0x00);
        return d;
    }

    /** The next connects do these, in order; then ACCEPT. */
    FakeDeviceHost script(Outcome... next) {
        outcomes.addAll(List.of(next));
        return this;
    }

    /** Registered but not active until connected, as a channel from a real bootstrap. */
    static final class TestChannel extends EmbeddedChannel {
        private boolean connected;

        TestChannel() {
            super(false, false);
        }

        @Override
        public boolean isActive() {
            return connected && super.isActive();
        }

        void connected() {
            connected = true;
            pipeline().fireChannelActive();
        }
    }

    private final DeviceTransport transport = new DeviceTransport() {
        @Override
        public Channel newChannel() {
            TestChannel ch = new TestChannel();
            try {
                ch.register();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            channels.add(ch);
            return ch;
        }

        @Override
        public ChannelFuture connect(Channel channel, SocketAddress remote, SocketAddress local) {
            TestChannel ch = (TestChannel) channel;
            Outcome outcome = outcomes.isEmpty() ? Outcome.ACCEPT : outcomes.poll();
            return switch (outcome) {
                case ACCEPT -> {
                    ch.connected(); // channelActive fires, as after a real connect
                    yield ch.newSucceededFuture();
                }
                case REFUSE -> ch.newFailedFuture(new ConnectException("Connection refused"));
                case TIMEOUT -> ch.newFailedFuture(new ConnectTimeoutException("connection timed out: " + remote));
                case HANG -> ch.newPromise();
            };
        }
    };

    /** The channel of the latest connect attempt. */
    TestChannel channel() {
        return channels.get(channels.size() - 1);
    }

    /** Flushes what devices wrote (the end of a batch) and returns the bytes the latest channel sent since. */
    byte[] sent() {
        flushAll();
        EmbeddedChannel ch = channel();
        ByteBuf all = Unpooled.buffer();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        return ByteBufUtil.getBytes(all);
    }

    void flushAll() {
        for (VirtualDevice d : dirty) {
            d.flush();
        }
        dirty.clear();
    }

    /** Feeds bytes from the hub into the latest channel. */
    void receive(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        channel().writeInbound(Unpooled.wrappedBuffer(b));
        flushAll();
    }

    /** Feeds bytes from the hub into the latest channel. */
    void receive(byte[] bytes) {
        channel().writeInbound(Unpooled.wrappedBuffer(bytes));
        flushAll();
    }

    void advanceMillis(long millis) {
        clock.advanceMillis(millis);
        List<Object[]> due = timers.stream().filter(t -> (long) t[0] <= clock.nanoTime()).toList();
        timers.removeAll(due);
        due.forEach(t -> ((Runnable) t[1]).run());
        flushAll();
    }

    /** Latencies recorded so far, by "group/operation" (group g0 or g1). */
    Map<String, LatencyHistograms> latenciesByGroup() {
        IntervalSnapshot s = collector.flipNow();
        Map<String, LatencyHistograms> out = new java.util.TreeMap<>();
        s.run().latencies().forEach((k, h) -> out.put(k.group() + "/" + k.operation().label(), h));
        return out;
    }

    /** Counter totals so far, by counter label and behaviour ("counter/behaviour"). */
    Map<String, Long> counters() {
        IntervalSnapshot s = collector.flipNow();
        Map<String, Long> out = new java.util.TreeMap<>();
        s.counterTotals().forEach((k, v) -> out.merge(k.counter().label() + "/" + k.behaviour(), v, Long::sum));
        return out;
    }

    /** Error totals so far, by "kind/reason". */
    Map<String, Long> errors() {
        IntervalSnapshot s = collector.flipNow();
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Map.Entry<ErrorKey, Long> e : s.errorTotals().entrySet()) {
            out.merge(e.getKey().kind() + "/" + e.getKey().reason(), e.getValue(), Long::sum);
        }
        return out;
    }

    /** Latencies recorded so far, by operation label. */
    Map<String, LatencyHistograms> latencies() {
        IntervalSnapshot s = collector.flipNow();
        Map<String, LatencyHistograms> out = new java.util.TreeMap<>();
        s.run().latencies().forEach((k, h) -> out.put(k.operation().label(), h));
        return out;
    }

    List<Reconnect> reconnects() {
        return reconnects;
    }

    List<Loss> losses() {
        return losses;
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
        return new InetSocketAddress("127.0.0.1", 1883);
    }

    @Override
    public DeviceTls tls() {
        return null;
    }

    @Override
    public SocketAddress nextLocalAddress() {
        return null;
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
    public RandomGenerator random() {
        return random;
    }

    @Override
    public HttpClient http() {
        if (http == null) {
            throw new UnsupportedOperationException("no HTTP in device unit tests (an IT sets one)");
        }
        return http;
    }

    @Override
    public void setTimer(long delayMs, Runnable task) {
        timers.add(new Object[] {clock.nanoTime() + Math.max(1, delayMs) * 1_000_000L, task});
    }

    @Override
    public void subDeviceReady(SubDevice device, boolean ready) {
        subDeviceEvents.add(device.id().deviceName() + (ready ? " ready" : " gone"));
    }

    @Override
    public void flushLater(VirtualDevice device) {
        if (!device.markDirty()) {
            dirty.add(device);
        }
    }

    @Override
    public void scheduleReconnect(VirtualDevice device, long atNanos) {
        reconnects.add(new Reconnect(device, atNanos));
    }

    @Override
    public void ready(VirtualDevice device) {
        ready.add(device);
    }

    @Override
    public void disconnected(VirtualDevice device, boolean wanted, boolean wasReady, int unacknowledged) {
        losses.add(new Loss(wanted, wasReady, unacknowledged));
    }

    @Override
    public void received(VirtualDevice device, String topic, byte[] payload) {
    }
}
