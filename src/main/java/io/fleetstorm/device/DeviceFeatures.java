package io.fleetstorm.device;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import java.util.random.RandomGenerator;

/**
 * What one device does beyond keeping its link: echo and downlink expectations, shadow, OTA, a gateway's
 * sub-devices, remote configuration and resources, each created on first use, reaching the connection only through a
 * {@link DeviceLink} (publish, the loop's clocks and timers, its recorder bound to the device's group). A device gets
 * this object with its first feature or its first lost operation, so an idle device costs none of it. Confined to
 * the device's event loop.
 */
public final class DeviceFeatures {

    private final LogicalDevice device;
    private final DeviceHost host;
    private final Link link = new Link();
    private GatewayClient gateway;
    private Expectations expectations;
    private ShadowClient shadow;
    private OtaClient ota;
    private ConfigClient config;
    private ResourceClient resources;

    DeviceFeatures(LogicalDevice device, DeviceHost host) {
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

    /** Asks for the product's remote configuration ({@code config-get}); false while a get is outstanding. */
    public boolean configGet(long intendedNanos) {
        return device.isReady() && config().get(intendedNanos);
    }

    /**
     * Uploads a generated file of {@code sizeBytes} as a resource ({@code resource-upload}: the task, the HTTP PUT,
     * the final report); false while another transfer of the device runs.
     */
    public boolean resourceUpload(long sizeBytes, long intendedNanos) {
        return device.isReady() && resources().upload(sizeBytes, intendedNanos);
    }

    /** The application is about to give the device a download task ({@code resource-download} from this instant). */
    public void expectResourceDownload(long intendedNanos, long sentNanos) {
        resources().expectDownload(intendedNanos, sentNanos);
    }

    /** The application's download task failed; forget the newest expectation. */
    public void cancelExpectedResourceDownload() {
        resources().cancelExpectedDownload();
    }

    /** The gateway side of a gateway device (its sub-devices attach to it). */
    GatewayClient gateway() {
        if (gateway == null) {
            if (!(device instanceof VirtualDevice connection)) {
                throw new IllegalStateException(device.id().clientId() + " has no connection of its own: it cannot "
                        + "be a gateway");
            }
            gateway = new GatewayClient(link, connection);
        }
        return gateway;
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

    private ConfigClient config() {
        if (config == null) {
            config = new ConfigClient(link);
        }
        return config;
    }

    private ResourceClient resources() {
        if (resources == null) {
            resources = new ResourceClient(link);
        }
        return resources;
    }

    DeviceLink link() {
        return link;
    }

    /** Offers a received message to each feature; returns whether one claimed it. */
    boolean onMessage(String topic, byte[] payload, long nowNanos) {
        if (gateway == null && device.profile().gateway()) {
            gateway(); // a notice (change, unbind_all) may come before the gateway's first request
        }
        if ((gateway != null && gateway.onMessage(topic, payload, nowNanos))
                || (expectations != null && expectations.onMessage(topic, payload, nowNanos))
                || (ota != null && ota.onMessage(topic, payload, nowNanos))) {
            return true;
        }
        // a delta, a configuration push or a download task may come before the device's first request of its own
        DeviceId id = device.id();
        if (shadow != null || subscribed(DeviceProfile.Subscription.SHADOW_RESULT, topic, Topics.shadowResult(id))) {
            if (shadow().onMessage(topic, payload, nowNanos)) {
                return true;
            }
        }
        if (config != null || subscribed(DeviceProfile.Subscription.CONFIG_RESULT, topic, Topics.configResult(id))) {
            if (config().onMessage(topic, payload, nowNanos)) {
                return true;
            }
        }
        return (resources != null || subscribed(DeviceProfile.Subscription.RESOURCE_DOWN, topic,
                Topics.resourceDown(id))) && resources().onMessage(topic, payload, nowNanos);
    }

    private boolean subscribed(DeviceProfile.Subscription s, String topic, String expected) {
        return device.profile().subscriptions().contains(s) && topic.equals(expected);
    }

    void sweep(long nowNanos) {
        if (gateway != null) {
            gateway.sweep(nowNanos);
        }
        if (expectations != null) {
            expectations.sweep(nowNanos);
        }
        if (shadow != null) {
            shadow.sweep(nowNanos);
        }
        if (config != null) {
            config.sweep(nowNanos);
        }
        if (resources != null) {
            resources.sweep(nowNanos);
        }
    }

    void failAll(boolean abandoned) {
        if (gateway != null) {
            gateway.failAll(abandoned);
        }
        if (expectations != null) {
            expectations.failAll(abandoned);
        }
        if (shadow != null) {
            shadow.failAll(abandoned);
        }
        if (ota != null) {
            ota.failAll(abandoned);
        }
        if (config != null) {
            config.failAll(abandoned);
        }
        if (resources != null) {
            resources.failAll(abandoned);
        }
    }

    /** The device's link is up again after a loss: a gateway brings its sub-devices back online. */
    void linkUp(long nowNanos) {
        if (gateway != null) {
            gateway.linkUp(nowNanos);
        }
    }

    int inFlight() {
        return (gateway == null ? 0 : gateway.inFlight()) + (expectations == null ? 0 : expectations.inFlight())
                + (shadow == null ? 0 : shadow.inFlight()) + (config == null ? 0 : config.inFlight())
                + (resources == null ? 0 : resources.inFlight());
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
        public void latency(int group, Operation op, long intendedNanos, long sentNanos, long doneNanos) {
            host.recorder().recordLatency(group, op, intendedNanos, sentNanos, doneNanos);
        }

        @Override
        public void count(int group, Counter counter, String behaviour, int qos, long delta) {
            host.recorder().count(group, counter, behaviour, qos, delta);
        }

        @Override
        public void error(int group, String kind, String reason) {
            host.recorder().error(group, kind, reason);
        }

        @Override
        public HttpClient http() {
            return host.http();
        }

        @Override
        public void setTimer(long delayMs, Runnable task) {
            host.setTimer(delayMs, task);
        }

        @Override
        public RandomGenerator random() {
            return host.random();
        }

        @Override
        public void flushNow() {
            host.flushNow();
        }
    }
}
