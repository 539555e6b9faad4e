package io.fleetstorm.device;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;

/**
 * What one device does beyond keeping its link: echo and downlink expectations, shadow and OTA, each created on first
 * use, reaching the connection only through a {@link DeviceLink} (publish, the loop's clocks and timers, its recorder
 * bound to the device's group). A device gets this object with its first feature or its first lost operation, so an
 * idle device costs none of it. Confined to the device's event loop.
 */
public final class DeviceFeatures {

    private final VirtualDevice device;
    private final DeviceHost host;
    private final Link link = new Link();
    private Expectations expectations;
    private ShadowClient shadow;
    private OtaClient ota;

    DeviceFeatures(VirtualDevice device, DeviceHost host) {
        this.device = device;
        this.host = host;
    }

    /** Publishes to the device's own data topic; {@code echo} latency until the hub sends it back. */
    public boolean echo(byte[] payload, int qos, long intendedNanos) {
        return device.isReady() && expectations().echo(payload, qos, intendedNanos);
    }

    /** Reports state to the shadow ({@code shadow-update} latency until the answer with its clientToken). */
    public boolean shadowUpdate(JsonObject reported, long intendedNanos) {
        return device.isReady() && shadow().update(reported, intendedNanos);
    }

    /** Asks for the shadow document ({@code shadow-get} latency). */
    public boolean shadowGet(long intendedNanos) {
        return device.isReady() && shadow().get(intendedNanos);
    }

    /** The application is about to change the desired state (see {@link ShadowClient#expectDelta}). */
    public void expectDelta(long intendedNanos, long sentNanos) {
        shadow().expectDelta(intendedNanos, sentNanos);
    }

    /** The application's desired change failed; no delta will come. */
    public void cancelExpectedDelta() {
        shadow().cancelExpectedDelta();
    }

    /** The application is about to publish to the device's control topic ({@code downlink} latency). */
    public void expectDownlink(long intendedNanos, long sentNanos) {
        expectations().expectDownlink(intendedNanos, sentNanos);
    }

    /** The application's downlink failed; forget the newest expectation. */
    public void cancelExpectedDownlink() {
        expectations().cancelDownlink();
    }

    /**
     * Reports the firmware version (QoS 1) as devices do when an upgrade wave starts; if a task targets the device,
     * the hub answers with {@code update_firmware} and the upgrade runs ({@code ota-command}, {@code ota-download},
     * {@code ota-done}, all measured from {@code intendedNanos}). A new client per wave.
     */
    public boolean reportVersion(OtaBehaviour behaviour, long intendedNanos) {
        if (!device.isReady()) {
            return false;
        }
        ota = new OtaClient(link, behaviour, intendedNanos, host.nanoTime());
        return ota.reportVersion();
    }

    private Expectations expectations() {
        if (expectations == null) {
            expectations = new Expectations(link);
        }
        return expectations;
    }

    private ShadowClient shadow() {
        if (shadow == null) {
            shadow = new ShadowClient(link);
        }
        return shadow;
    }

    DeviceLink link() {
        return link;
    }

    /** Offers a received message to each feature; returns whether one claimed it. */
    boolean onMessage(String topic, byte[] payload, long nowNanos) {
        if ((expectations != null && expectations.onMessage(topic, payload, nowNanos))
                || (ota != null && ota.onMessage(topic, payload, nowNanos))) {
            return true;
        }
        // a delta may come before the device's first shadow request of its own
        boolean shadowTopic = shadow != null || (device.profile().subscriptions().contains(
                DeviceProfile.Subscription.SHADOW_RESULT) && topic.equals(Topics.shadowResult(device.id())));
        return shadowTopic && shadow().onMessage(topic, payload, nowNanos);
    }

    void sweep(long nowNanos) {
        if (expectations != null) {
            expectations.sweep(nowNanos);
        }
        if (shadow != null) {
            shadow.sweep(nowNanos);
        }
    }

    void failAll(boolean abandoned) {
        if (expectations != null) {
            expectations.failAll(abandoned);
        }
        if (shadow != null) {
            shadow.failAll(abandoned);
        }
        if (ota != null) {
            ota.failAll(abandoned);
        }
    }

    int inFlight() {
        return (expectations == null ? 0 : expectations.inFlight()) + (shadow == null ? 0 : shadow.inFlight());
    }

    /** The device as its features see it. */
    private final class Link implements DeviceLink {

        @Override
        public DeviceId id() {
            return device.id();
        }

        @Override
        public DeviceProfile profile() {
            return device.profile();
        }

        @Override
        public long nanoTime() {
            return host.nanoTime();
        }

        @Override
        public long epochMillis() {
            return host.epochMillis();
        }

        @Override
        public boolean publish(String topic, byte[] payload, int qos, String behaviour, long intendedNanos) {
            return device.publish(topic, payload, qos, behaviour, intendedNanos);
        }

        @Override
        public void latency(Operation op, long intendedNanos, long sentNanos, long doneNanos) {
            host.recorder().recordLatency(group(), op, intendedNanos, sentNanos, doneNanos);
        }

        @Override
        public void count(Counter counter, String behaviour, int qos, long delta) {
            host.recorder().count(group(), counter, behaviour, qos, delta);
        }

        @Override
        public void error(String kind, String reason) {
            host.recorder().error(group(), kind, reason);
        }

        @Override
        public void timedOut(String operation) {
            error("timeout", operation);
            count(Counter.OPERATION_TIMEOUTS, operation, 0, 1);
        }

        @Override
        public void unanswered(String operation, boolean abandoned) {
            if (abandoned) {
                count(Counter.ABANDONED, operation, 0, 1);
            } else {
                error("disconnect", operation);
            }
        }

        @Override
        public HttpClient http() {
            return host.http();
        }

        @Override
        public void setTimer(long delayMs, Runnable task) {
            host.setTimer(delayMs, task);
        }

        private int group() {
            return device.profile().groupIndex();
        }
    }
}
