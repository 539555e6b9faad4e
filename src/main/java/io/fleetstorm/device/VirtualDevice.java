package io.fleetstorm.device;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.TimeSyncMessages;
import io.fleetstorm.protocol.Topics;
import io.fleetstorm.tls.CertifiedKey;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One virtual device's MQTT connection: its states and their transitions. Every loss of link (a failed TCP connect, a
 * close by the peer, a CONNACK refusal or timeout, a failed TLS handshake, a dead keepalive) ends in one
 * {@code onLinkLost}, which decides what follows: nothing when the device meant to disconnect, else its SDK's back-off,
 * or giving up. Its packet-id operations live in {@link InFlight}, what it does beyond its link in
 * {@link DeviceFeatures} (created on first use), channel events, keepalive and write batching in its base class: a
 * device is one object beyond its channel. Confined to its fleet verticle's event loop: no locks, no timers of its own
 * (the verticle's sweep handles timeouts and keepalive).
 */
public final class VirtualDevice extends DeviceChannel implements LogicalDevice {

    /** Where the device is in its connection life. */
    public enum State { IDLE, CONNECTING, SUBSCRIBING, READY, BACKING_OFF, GAVE_UP }

    private static final String CONNECT = "connect";
    private static final byte[] TIME_REQUEST = TimeSyncMessages.request().getBytes(StandardCharsets.UTF_8);

    private final DeviceId id;
    /** The decoded PSK; null for a certificate device, and for a registering device until it registered. */
    private byte[] psk;
    private final CertifiedKey certificate;
    private State state = State.IDLE;
    /** The attempts of the connect in progress (from its first due instant to CONNACK 0 or giving up), else null. */
    private ConnectAttempts attempts;
    private DeviceFeatures features;
    private byte subscriptionsLeft;
    private boolean wantConnected;
    private boolean connectDue;
    private boolean everConnected;

    /**
     * @param psk         the decoded PSK of a key device, else null
     * @param certificate the certificate and key of a certificate device (mutual TLS), else null
     */
    public VirtualDevice(DeviceHost host, DeviceProfile profile, DeviceId id, byte[] psk, CertifiedKey certificate) {
        super(host, profile);
        this.id = id;
        this.psk = psk;
        this.certificate = certificate;
    }

    @Override
    public DeviceId id() {
        return id;
    }

    @Override
    public DeviceProfile profile() {
        return profile;
    }

    /** The PSK a dynamic registration gave the device (decoded); its next connect signs with it. */
    public void registered(byte[] decodedPsk) {
        psk = decodedPsk.clone();
    }

    /** The C SDK speaks TLS-PSK over TLS (identity ClientId, key the PSK) and then sends no password. */
    private boolean tlsPsk() {
        return psk != null && host.tls() != null && profile.dialect() == DeviceProfile.Dialect.C_SDK;
    }

    public State state() {
        return state;
    }

    @Override
    public boolean isReady() {
        return state == State.READY;
    }

    /** Whether the run asked this device to connect and it never got as far as READY. */
    public boolean neverConnected() {
        return connectDue && !everConnected;
    }

    // ---- states and transitions ----

    /**
     * Starts a connect attempt. The latency of the connect ({@code connect}) is measured from the instant it was first
     * due, {@code intendedNanos} of its first attempt, however many retries it takes, to the CONNACK 0.
     */
    public void connect(long intendedNanos) {
        if (state != State.IDLE && state != State.BACKING_OFF && state != State.GAVE_UP) {
            return;
        }
        if (state == State.GAVE_UP) {
            attempts = null; // asked again after giving up: a new connect, with a fresh back-off
        }
        connectDue = true;
        if (psk == null && certificate == null) { // a registering device before its PSK came: nothing to sign with
            error(CONNECT, "not_registered");
            return;
        }
        wantConnected = true;
        long now = host.nanoTime();
        if (attempts == null) {
            attempts = new ConnectAttempts();
        } else if (attempts.failures > 0) {
            count(Counter.CONNECT_RETRIES, CONNECT, 0, 1);
        }
        attempts.began(intendedNanos, now, now + profile.timeouts().connackMs() * 1_000_000L);
        state = State.CONNECTING;
        count(Counter.CONNECT_ATTEMPTS, CONNECT, 0, 1);
        Channel ch = open(certificate, tlsPsk() ? psk : null, id.clientId());
        host.transport().connect(ch, host.target(profile.groupIndex()), host.nextLocalAddress()).addListener(f -> {
            if (!f.isSuccess() && channel == ch) { // never active, so no channelInactive will follow
                onLinkLost(LinkLoss.of(f.cause()));
            }
        });
    }

    /** Called by the host when the back-off is over. */
    public void reconnectDue(long intendedNanos) {
        if (wantConnected && state == State.BACKING_OFF) {
            connect(intendedNanos);
        }
    }

    /** Disconnects on purpose (a DISCONNECT when connected); what is still waiting for answers is abandoned. */
    public void disconnect() {
        wantConnected = false;
        if (channel == null) {
            state = State.IDLE;
            return;
        }
        if (state == State.READY || state == State.SUBSCRIBING) {
            writePendingPublishes();
            channel.writeAndFlush(MqttWire.DISCONNECT);
        }
        onLinkLost(LinkLoss.DISCONNECTED);
    }

    /** Drops the connection as a network failure would; the device then reconnects with its SDK back-off. */
    public void dropAbruptly() {
        if (channel != null) {
            onLinkLost(LinkLoss.DROPPED);
        }
    }

    /** Sends DISCONNECT and closes, then comes back with the SDK back-off (a clean reconnect storm). */
    public void dropCleanly() {
        if (channel != null && channel.isActive()) {
            writePendingPublishes();
            channel.writeAndFlush(MqttWire.DISCONNECT);
            onLinkLost(LinkLoss.DROPPED);
        }
    }

    @Override
    void onLinkLost(LinkLoss cause) {
        linkLost(cause.reason());
    }

    /**
     * The one entry for every loss of link. A failed attempt is an error of kind {@code connect} with
     * {@code reason}; an established link counts a disconnect; what waited for answers fails (abandoned when the
     * device meant to disconnect). Then: nothing when meant, else the back-off, or giving up.
     */
    private void linkLost(String reason) {
        Channel ch = detach();
        State was = state;
        boolean wanted = !wantConnected;
        if (was == State.CONNECTING) {
            if (wanted) {
                count(Counter.ABANDONED, CONNECT, 0, 1);
            } else {
                attempts.failures++;
                error(CONNECT, reason);
            }
        } else if (was == State.READY || was == State.SUBSCRIBING) {
            count(Counter.DISCONNECTS, wanted ? "clean" : "lost", 0, 1);
        }
        int unacknowledged = inFlight == null ? 0 : inFlight.unacknowledgedPublishes();
        if (inFlight != null && inFlight.size() > 0) {
            inFlight.failAll(p -> unanswered(p, wanted));
        }
        if (features != null) {
            features.failAll(wanted);
        }
        state = State.IDLE;
        host.disconnected(this, wanted, was == State.READY, unacknowledged);
        if (ch != null) {
            ch.close();
        }
        if (!wanted) {
            backOff();
        }
    }

    private void backOff() {
        if (attempts == null) {
            attempts = new ConnectAttempts(); // an established link was lost: a new connect begins
        }
        long waitMs = attempts.nextWaitMs(profile.backoff(), host.random());
        if (waitMs < 0) {
            state = State.GAVE_UP;
            error("reconnect", "gave_up");
            return;
        }
        state = State.BACKING_OFF;
        host.scheduleReconnect(this, host.nanoTime() + waitMs * 1_000_000L);
    }

    private void becomeReady(long now) {
        state = State.READY;
        if (!everConnected) {
            everConnected = true;
            count(Counter.SOCKETS_CONNECTED_ONCE, null, 0, 1);
            if (!profile.gateway()) { // a gateway is a socket, not a logical device: its sub-devices are those
                count(Counter.DEVICES_CONNECTED_ONCE, null, 0, 1);
            }
        }
        if (profile.timeSyncOnConnect()) {
            writePublish(Topics.sysOperation(id), 0, 0, TIME_REQUEST, now);
        }
        host.ready(this);
        if (features != null) {
            features.linkUp(now); // a gateway brings its sub-devices online again
        }
    }

    // ---- packets and channel events ----

    @Override
    void onActive() {
        String userName = Credentials.userName(id.clientId(), profile, host.epochMillis(), host.random());
        write(MqttWire.connect(id.clientId(), userName, tlsPsk() ? null : Credentials.password(profile, psk,
                userName), profile.keepAliveSeconds(), profile.cleanSession()), host.nanoTime());
    }

    @Override
    void onConnack(int code) {
        if (state != State.CONNECTING) {
            return;
        }
        if (code != 0) {
            linkLost(String.format("connack_0x%02x", code)); // LinkLoss.CONNACK_REFUSED, the code named
            return;
        }
        long now = host.nanoTime();
        ConnectAttempts a = attempts;
        attempts = null; // connected: the next loss starts a fresh back-off
        host.recorder().recordLatency(profile.groupIndex(), Operation.CONNECT, a.firstDueNanos, a.sentNanos, now);
        count(Counter.CONNECTS_OK, CONNECT, 0, 1);
        List<DeviceProfile.Subscription> subs = profile.subscriptions();
        if (subs.isEmpty()) {
            becomeReady(now);
            return;
        }
        state = State.SUBSCRIBING;
        subscriptionsLeft = (byte) subs.size();
        long deadline = now + profile.timeouts().subackMs() * 1_000_000L;
        for (DeviceProfile.Subscription sub : subs) {
            int packetId = table().track(new Pending(Operation.SUBSCRIBE, "subscribe", now, now, deadline));
            write(MqttWire.subscribe(packetId, sub.topic(id), sub.qos(profile.dialect())), now);
        }
    }

    @Override
    void onSuback(int packetId, boolean refused) {
        Pending p = inFlight == null ? null : inFlight.answered(packetId);
        if (p == null) {
            return;
        }
        if (refused) {
            error(groupOf(p), "suback", "0x80");
        } else {
            latency(p, host.nanoTime());
        }
        if (p.listener != null) {
            p.listener.resolved(refused, false);
        } else {
            subscriptionResolved();
        }
    }

    /** A subscription was answered (or refused, or timed out): the SDK's subscribe call returns either way. */
    private void subscriptionResolved() {
        if (state == State.SUBSCRIBING && --subscriptionsLeft == 0) {
            becomeReady(host.nanoTime());
        }
    }

    @Override
    void onPuback(int packetId) {
        Pending p = inFlight == null ? null : inFlight.answered(packetId);
        if (p != null) {
            latency(p, host.nanoTime());
            sendQueued();
        }
    }

    @Override
    void onMessage(String topic, byte[] payload, long now) {
        // without features, only what a feature takes unasked (a delta, a push, a gateway's notice) can start one
        if ((features == null && !profile.featuresWithoutAsking())
                || !features().onMessage(topic, payload, now)) {
            host.received(this, topic, payload);
        }
    }

    @Override
    boolean connecting() {
        return state == State.CONNECTING;
    }

    @Override
    void flushLater() {
        host.flushLater(this);
    }

    /**
     * Publishes; QoS 1 latency (publish-ack) is measured from {@code intendedNanos} to the PUBACK. A QoS 1 publish
     * beyond the profile's in-flight window waits in the device, and goes out late, when a PUBACK frees a slot.
     *
     * @return false when the device is not connected, its channel is not writable, or its backlog is full
     */
    @Override
    public boolean publish(String topic, byte[] payload, int qos, String behaviour, long intendedNanos) { // see super
        return publish(topic, payload, qos, behaviour, intendedNanos, Pending.OWN_GROUP);
    }

    // ---- sweep ----

    /** Timeouts and keepalive; called by the verticle's sweep, every device, a few times per second. */
    public void sweep(long now) {
        if (state == State.CONNECTING) {
            if (now > attempts.deadlineNanos) {
                connectTimedOut();
            }
            return;
        }
        List<Pending> expired = inFlight == null ? null : inFlight.sweep(now);
        if (expired != null) {
            expired.forEach(this::expired);
        }
        if (features != null) {
            features.sweep(now);
        }
        if (state == State.READY && profile.keepAliveSeconds() > 0) {
            keepAlive(now);
        }
    }

    private void connectTimedOut() {
        LinkLoss loss = LinkLoss.atDeadline(channel);
        if (loss == LinkLoss.CONNACK_TIMEOUT) {
            count(Counter.OPERATION_TIMEOUTS, "connack", 0, 1);
        }
        onLinkLost(loss);
    }

    private void expired(Pending pending) {
        timedOut(groupOf(pending), pending.operation.label());
        if (pending.listener != null) {
            pending.listener.resolved(false, true);
        } else if (pending.operation == Operation.SUBSCRIBE) {
            subscriptionResolved();
        } else if (pending.operation == Operation.PUBLISH_ACK) {
            sendQueued();
        }
    }

    /** Number of operations waiting for an answer (in-flight gauge); a connect in progress counts one. */
    public int inFlight() {
        int n = state == State.CONNECTING ? 1 : 0;
        if (inFlight != null) {
            n += inFlight.size();
        }
        return features == null ? n : n + features.inFlight();
    }


    /** What the device does beyond its link: echo, downlinks, shadow, OTA (created on first use). */
    public DeviceFeatures features() {
        if (features == null) {
            features = new DeviceFeatures(this, host);
        }
        return features;
    }
}
