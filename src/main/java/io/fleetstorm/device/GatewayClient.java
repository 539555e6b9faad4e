package io.fleetstorm.device;

import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.BindSignature;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.GatewayMessage;
import io.fleetstorm.protocol.GatewayMessages;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A gateway's side of addendum section 11: its sub-devices, its requests on {@code $gateway/operation/PID/DN} (one
 * sub-device per request, as both SDKs send them) matched to the answers on the result topic by type and the first
 * entry's names (as the C SDK matches them), the acknowledgements it owes the cloud's notices, and the routing of
 * every message for a sub-device's topics to that sub-device. Requests do not wait for each other (the Java SDK never
 * waits for an answer); each is timed from its intended instant to its answer. Confined to the gateway's loop.
 */
final class GatewayClient implements DeviceFeature {

    /** A C gateway waits 100 yields of 200 ms for an answer before it gives up on a request. */
    static final long REQUEST_TIMEOUT_NANOS = 20_000_000_000L;
    /** Between two sub-devices a gateway brings back after a reconnect: 25 requests a second, under the hub's 30. */
    static final long REONLINE_SPACING_MS = 40;
    private static final String BEHAVIOUR = "gateway";

    private final DeviceLink link;
    private final VirtualDevice gateway;
    private final Map<DeviceId, SubDevice> subs = new HashMap<>();
    private final List<SubDevice> ordered = new ArrayList<>();
    /** Requests waiting for their answer, by {@code type/clientId} of their one entry. */
    private final Map<String, Request> pending = new HashMap<>();

    /** One request in flight and the sub-device it is for. */
    private record Request(Pending pending, SubDevice sub) {
    }

    GatewayClient(DeviceLink link, VirtualDevice gateway) {
        this.link = link;
        this.gateway = gateway;
    }

    void attach(SubDevice sub) {
        if (subs.putIfAbsent(sub.id(), sub) == null) {
            ordered.add(sub);
        }
    }

    /** The sub-devices behind this gateway, in the order they were attached. */
    List<SubDevice> subDevices() {
        return ordered;
    }

    boolean bind(SubDevice sub, long intendedNanos) {
        DeviceProfile.Dialect dialect = gateway.profile().dialect();
        long random = dialect == DeviceProfile.Dialect.C_SDK ? link.random().nextLong(1L << 31) // C: rand()
                : link.random().nextInt(999_999); // Java: 0..999998
        SignMethod method = dialect == DeviceProfile.Dialect.C_SDK ? SignMethod.HMACSHA1 : SignMethod.HMACSHA256;
        BindSignature.Signed signed = BindSignature.sign(method, BindSignature.pskKey(sub.pskBase64()), sub.id(),
                random, link.epochMillis() / 1000);
        return request(GatewayMessages.TYPE_BIND, sub, GatewayMessages.bind(sub.id(), signed,
                GatewayMessages.AUTH_PSK), Operation.SUBDEVICE_BIND, intendedNanos);
    }

    boolean online(SubDevice sub, long intendedNanos) {
        return request(GatewayMessages.TYPE_ONLINE, sub, GatewayMessages.online(sub.id()), Operation.SUBDEVICE_ONLINE,
                intendedNanos);
    }

    boolean offline(SubDevice sub, long intendedNanos) {
        pending.remove(key(GatewayMessages.TYPE_ONLINE, sub)); // an online still in flight is overtaken
        return request(GatewayMessages.TYPE_OFFLINE, sub, GatewayMessages.offline(sub.id()),
                Operation.SUBDEVICE_OFFLINE, intendedNanos);
    }

    private boolean request(String type, SubDevice sub, String json, Operation op, long intendedNanos) {
        long now = link.nanoTime();
        if (!link.publish(Topics.gatewayOperation(link.id()), bytes(json), 0, BEHAVIOUR, intendedNanos)) {
            return false;
        }
        Request previous = pending.put(key(type, sub), new Request(new Pending(op, BEHAVIOUR, intendedNanos, now,
                now + REQUEST_TIMEOUT_NANOS, sub.profile().groupIndex(), null), sub));
        if (previous != null) { // the SDKs keep one request per type and device: the older one is dropped
            link.error(sub.profile().groupIndex(), BEHAVIOUR, type + "_superseded");
        }
        return true;
    }

    /**
     * After a reconnect the hub has taken every sub-device offline; the gateway brings back those that were online,
     * one request every {@link #REONLINE_SPACING_MS} so that it stays within the 30 messages a second the hub allows
     * a gateway (50 sub-devices at once would lose 20 of them). A C gateway first sends {@code offline}, since its SDK
     * still believes them online and refuses a second {@code online} until then; that answer is not measured. Each
     * {@code online} is timed from the instant it was due.
     */
    @Override
    public void linkUp(long nowNanos) {
        boolean c = gateway.profile().dialect() == DeviceProfile.Dialect.C_SDK;
        long spacingMs = c ? 2 * REONLINE_SPACING_MS : REONLINE_SPACING_MS;
        int n = 0;
        for (SubDevice sub : ordered) {
            if (sub.wantsOnline() && sub.state() == SubDevice.State.OFFLINE) {
                long delayMs = n++ * spacingMs;
                long due = nowNanos + delayMs * 1_000_000L;
                if (delayMs == 0) {
                    reOnline(sub, due, c);
                } else {
                    link.setTimer(delayMs, () -> reOnline(sub, due, c));
                }
            }
        }
    }

    private void reOnline(SubDevice sub, long dueNanos, boolean offlineFirst) {
        if (!gateway.isReady() || !sub.wantsOnline() || sub.state() != SubDevice.State.OFFLINE) {
            return; // the gateway dropped again (its next reconnect starts over), or the run moved on
        }
        if (offlineFirst) {
            link.publish(Topics.gatewayOperation(link.id()), bytes(GatewayMessages.offline(sub.id())), 0, BEHAVIOUR,
                    dueNanos);
        }
        sub.online(dueNanos);
    }

    @Override
    public boolean onMessage(String topic, byte[] payload, long nowNanos) {
        if (topic.equals(Topics.gatewayResult(link.id()))) {
            onResult(payload, nowNanos);
            return true;
        }
        DeviceId owner = Topics.owner(topic).orElse(null);
        SubDevice sub = owner == null ? null : subs.get(owner);
        if (sub == null) {
            return false;
        }
        sub.features().onMessage(topic, payload, nowNanos);
        return true;
    }

    private void onResult(byte[] payload, long nowNanos) {
        GatewayMessage m;
        try {
            m = GatewayMessage.parse(new String(payload, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            link.error(BEHAVIOUR, "malformed_answer");
            return;
        }
        switch (m.type()) {
            case GatewayMessages.TYPE_CHANGE -> acknowledge(GatewayMessages.changeAck(m.status() == null ? 0
                    : m.status(), ids(m)));
            case GatewayMessages.TYPE_SEARCH -> acknowledge(GatewayMessages.searchAck(m.status() == null ? 0
                    : m.status()));
            case GatewayMessages.TYPE_UNBIND_ALL -> {
                acknowledge(GatewayMessages.unbindAllAck());
                ordered.forEach(s -> s.wentOffline(true)); // the C SDK drops every local sub-device session
            }
            case GatewayMessages.TYPE_DESCRIBE -> {
                // the bound list: fleetstorm's gateways know their sub-devices already
            }
            default -> answered(m, nowNanos);
        }
    }

    /** The answer to one request: the first entry's names and result, as the C SDK reads it. */
    private void answered(GatewayMessage m, long nowNanos) {
        GatewayMessage.Entry first = m.first();
        if (first == null || !first.valid()) {
            return;
        }
        Request r = pending.remove(m.type() + '/' + first.productId() + first.deviceName());
        if (r == null) {
            return; // an answer to a request not measured (a C gateway's offline before its re-online) or too late
        }
        int result = first.result() == null ? GatewayMessages.RESULT_SYSTEM_ERROR : first.result();
        boolean ok = result == GatewayMessages.RESULT_OK
                || (m.type().equals(GatewayMessages.TYPE_BIND) && result == GatewayMessages.RESULT_ALREADY_BOUND);
        int group = r.sub().profile().groupIndex();
        if (!ok) {
            link.error(group, BEHAVIOUR, m.type() + "_" + result);
            if (m.type().equals(GatewayMessages.TYPE_ONLINE)) {
                r.sub().onlineFailed();
            }
            return;
        }
        Pending p = r.pending();
        link.latency(group, p.operation, p.intendedNanos, p.sentNanos, nowNanos);
        if (m.type().equals(GatewayMessages.TYPE_ONLINE)) {
            r.sub().onlineAnswered();
        }
    }

    private void acknowledge(String json) {
        link.publish(Topics.gatewayOperation(link.id()), bytes(json), 0, BEHAVIOUR, link.nanoTime());
    }

    @Override
    public void sweep(long nowNanos) {
        if (!pending.isEmpty()) {
            Iterator<Request> it = pending.values().iterator();
            List<Request> expired = null;
            while (it.hasNext()) {
                Request r = it.next();
                if (nowNanos > r.pending().deadlineNanos) {
                    it.remove();
                    expired = expired == null ? new ArrayList<>(4) : expired;
                    expired.add(r);
                }
            }
            if (expired != null) {
                for (Request r : expired) {
                    link.timedOut(r.sub().profile().groupIndex(), r.pending().operation.label());
                    if (r.pending().operation == Operation.SUBDEVICE_ONLINE) {
                        r.sub().onlineFailed();
                    }
                }
            }
        }
        for (int i = 0; i < ordered.size(); i++) {
            DeviceFeatures f = ordered.get(i).featuresIfAny();
            if (f != null) {
                f.sweep(nowNanos);
            }
        }
    }

    /** The gateway's link is gone: the hub takes its sub-devices offline; requests in flight get no answer. */
    @Override
    public void failAll(boolean abandoned) {
        for (Request r : pending.values()) {
            link.unanswered(r.sub().profile().groupIndex(), r.pending().operation.label(), abandoned);
            if (r.pending().operation == Operation.SUBDEVICE_ONLINE) {
                r.sub().onlineFailed();
            }
        }
        pending.clear();
        for (SubDevice sub : ordered) {
            sub.wentOffline(abandoned);
        }
    }

    @Override
    public int inFlight() {
        int n = pending.size();
        for (int i = 0; i < ordered.size(); i++) {
            DeviceFeatures f = ordered.get(i).featuresIfAny();
            if (f != null) {
                n += f.inFlight();
            }
        }
        return n;
    }

    private static String key(String type, SubDevice sub) {
        return type + '/' + sub.id().clientId();
    }

    private static List<DeviceId> ids(GatewayMessage m) {
        List<DeviceId> out = new ArrayList<>(m.devices().size());
        for (GatewayMessage.Entry e : m.devices()) {
            if (e.valid()) {
                out.add(e.id());
            }
        }
        return out;
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
