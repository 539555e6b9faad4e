package io.fleetstorm.device;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.protocol.DeviceId;
import java.util.List;

/**
 * A sub-device behind a gateway (addendum section 11): it has no connection of its own; its gateway binds it, brings
 * it online and offline with requests on the gateway's topic, subscribes its topics and carries its publishes, all on
 * the gateway's one connection. Its measurements are its own group's. Confined to the gateway's event loop.
 */
public final class SubDevice implements LogicalDevice, Pending.SubscriptionListener {

    /** Where the sub-device is, as its gateway sees it. */
    public enum State { OFFLINE, GOING_ONLINE, SUBSCRIBING, READY }

    private final DeviceId id;
    private final DeviceProfile profile;
    private final String pskBase64;
    private final VirtualDevice gateway;
    private State state = State.OFFLINE;
    private DeviceFeatures features;
    private byte subscriptionsLeft;
    /** Asked online and not asked offline since: its gateway brings it back after a reconnect. */
    private boolean wantOnline;
    private boolean everOnline;

    /**
     * @param pskBase64 the sub-device's PSK as its base64 text (the key of its bind signature)
     * @param gateway   the connection that carries it (its gateway client must be attached: {@link #attach})
     */
    public SubDevice(DeviceProfile profile, DeviceId id, String pskBase64, VirtualDevice gateway) {
        this.id = id;
        this.profile = profile;
        this.pskBase64 = pskBase64;
        this.gateway = gateway;
    }

    /** Puts the sub-device behind its gateway (the gateway's client routes its messages to it). */
    public SubDevice attach() {
        gateway.features().gateway().attach(this);
        return this;
    }

    @Override
    public DeviceId id() {
        return id;
    }

    @Override
    public DeviceProfile profile() {
        return profile;
    }

    public State state() {
        return state;
    }

    @Override
    public boolean isReady() {
        return state == State.READY;
    }

    /** Whether the run asked it online and it never got there. */
    public boolean neverConnected() {
        return wantOnline && !everOnline;
    }

    VirtualDevice gateway() {
        return gateway;
    }

    String pskBase64() {
        return pskBase64;
    }

    /** The gateway binds the sub-device ({@code subdevice-bind}); false when the gateway is not connected. */
    public boolean bind(long intendedNanos) {
        return client().bind(this, intendedNanos);
    }

    /** The gateway brings it online ({@code subdevice-online}), then subscribes its topics; false if it cannot now. */
    public boolean online(long intendedNanos) {
        wantOnline = true;
        if (state != State.OFFLINE) {
            return true; // already online or on its way: as the SDKs, a second online changes nothing
        }
        if (!client().online(this, intendedNanos)) {
            return false;
        }
        state = State.GOING_ONLINE;
        return true;
    }

    /**
     * The gateway takes it offline ({@code subdevice-offline}); it stops sending at once, and what it waited for is
     * abandoned (its gateway stops carrying it).
     */
    public boolean offline(long intendedNanos) {
        wantOnline = false;
        if (!client().offline(this, intendedNanos)) {
            return false;
        }
        wentOffline(true);
        return true;
    }

    @Override
    public boolean publish(String topic, byte[] payload, int qos, String behaviour, long intendedNanos) {
        return state == State.READY && gateway.publish(topic, payload, qos, behaviour, intendedNanos,
                profile.groupIndex());
    }

    @Override
    public DeviceFeatures features() {
        if (features == null) {
            features = new DeviceFeatures(this, gateway.host);
        }
        return features;
    }

    /** Its features, or null when it has none yet (the gateway's sweep skips those). */
    DeviceFeatures featuresIfAny() {
        return features;
    }

    /** Whether its gateway should bring it online again after the gateway's connection came back. */
    boolean wantsOnline() {
        return wantOnline;
    }

    // ---- what the gateway's client tells it ----

    /** {@code online} answered 0: subscribe the sub-device's topics through the gateway, then it is ready. */
    void onlineAnswered() {
        if (state != State.GOING_ONLINE) {
            return;
        }
        List<DeviceProfile.Subscription> subs = profile.subscriptions();
        state = State.SUBSCRIBING;
        subscriptionsLeft = 0;
        for (DeviceProfile.Subscription s : subs) {
            if (gateway.subscribeFor(s.topic(id), s.qos(gateway.profile().dialect()), profile.groupIndex(), this)) {
                subscriptionsLeft++;
            }
        }
        if (subscriptionsLeft == 0) {
            becomeReady();
        }
    }

    /** {@code online} refused or unanswered: it stays offline. */
    void onlineFailed() {
        if (state == State.GOING_ONLINE) {
            state = State.OFFLINE;
        }
    }

    @Override
    public void resolved(boolean refused, boolean timedOut) {
        if (state == State.SUBSCRIBING && --subscriptionsLeft == 0) {
            becomeReady(); // as the SDK's subscribe call, it returns whether granted, refused or timed out
        }
    }

    private void becomeReady() {
        state = State.READY;
        if (!everOnline) {
            everOnline = true;
            gateway.host.recorder().count(profile.groupIndex(), Counter.DEVICES_CONNECTED_ONCE, null, 0, 1);
        }
        gateway.host.subDeviceReady(this, true);
    }

    /**
     * It is no longer online through its gateway (it went offline, the gateway's link was lost or the run ended):
     * what it waited for will not come ({@code abandoned}: counted apart, not as errors).
     */
    void wentOffline(boolean abandoned) {
        boolean wasReady = state == State.READY;
        state = State.OFFLINE;
        if (features != null) {
            features.failAll(abandoned);
        }
        if (wasReady) {
            gateway.host.subDeviceReady(this, false);
        }
    }

    private GatewayClient client() {
        return gateway.features().gateway();
    }

    @Override
    public String toString() {
        return "SubDevice[" + id.clientId() + " via " + gateway.id().clientId() + ", " + state + "]";
    }
}
