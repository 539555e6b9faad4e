package io.fleetstorm.device;

import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.ConfigMessage;
import io.fleetstorm.protocol.ConfigMessages;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * A device's remote configuration (addendum section 13): its {@code get} (the C SDK on {@code $config/operation} at
 * QoS 0, the Java SDK on {@code $config/report} at QoS 1), answered by a {@code reply} on the result topic; one
 * outstanding get per device, as there is no correlation token. Pushes of the application arrive on the same topic
 * and are timed from the instant their mark says they were due ({@link ConfigPushMark}). Created on first use;
 * confined to the device's event loop.
 */
final class ConfigClient implements DeviceFeature {

    private static final String BEHAVIOUR = "config";
    private static final byte[] GET = ConfigMessages.get().getBytes(StandardCharsets.UTF_8);

    private final DeviceLink link;
    private Pending get;

    ConfigClient(DeviceLink link) {
        this.link = link;
    }

    boolean get(long intendedNanos) {
        if (get != null) {
            return false; // no token tells two answers apart: one get at a time, as the SDKs wait for theirs
        }
        boolean java = link.profile().dialect() == DeviceProfile.Dialect.JAVA_SDK;
        long now = link.nanoTime();
        if (!link.publish(java ? Topics.configReport(link.id()) : Topics.configOperation(link.id()), GET,
                java ? 1 : 0, BEHAVIOUR, intendedNanos)) {
            return false;
        }
        get = new Pending(Operation.CONFIG_GET, BEHAVIOUR, intendedNanos, now,
                now + link.profile().timeouts().shadowMs() * 1_000_000L);
        return true;
    }

    @Override
    public boolean onMessage(String topic, byte[] payload, long nowNanos) {
        if (!topic.equals(Topics.configResult(link.id()))) {
            return false;
        }
        ConfigMessage m;
        try {
            m = ConfigMessage.parse(new String(payload, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            link.error(BEHAVIOUR, "malformed_message");
            return true;
        }
        if (ConfigMessages.TYPE_PUSH.equals(m.type())) {
            JsonObject mark = ConfigPushMark.ours(m.payload());
            if (mark != null) {
                link.latency(Operation.CONFIG_PUSH, mark.getLong("intendedNanos"), mark.getLong("sentNanos"),
                        nowNanos);
            }
            return true;
        }
        Pending p = get;
        if (p == null || !ConfigMessages.TYPE_REPLY.equals(m.type())) {
            return true;
        }
        get = null;
        int result = m.result() == null ? ConfigMessages.RESULT_OK : m.result();
        if (result != ConfigMessages.RESULT_OK) {
            link.error(BEHAVIOUR, "result_" + result); // 1001: remote configuration disabled for the product
            return true;
        }
        link.latency(p.operation, p.intendedNanos, p.sentNanos, nowNanos);
        return true;
    }

    @Override
    public void sweep(long nowNanos) {
        if (get != null && nowNanos > get.deadlineNanos) {
            get = null;
            link.timedOut(Operation.CONFIG_GET.label());
        }
    }

    @Override
    public void failAll(boolean abandoned) {
        if (get != null) {
            get = null;
            link.unanswered(Operation.CONFIG_GET.label(), abandoned);
        }
    }

    @Override
    public int inFlight() {
        return get == null ? 0 : 1;
    }
}
