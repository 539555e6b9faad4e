package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.ShadowMessages;
import io.fleetstorm.protocol.ShadowRequest;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device shadow: get and update requests on {@code $shadow/operation/PID/DN}, answered at QoS 0 on
 * {@code $shadow/operation/result/PID/DN}, and the delta pushed when the application changes desired state.
 */
final class ShadowService implements UplinkService {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowService.class);
    static final String INVALID = "invalid";
    static final String UNKNOWN = "unknown";

    private final ShadowStore store;
    private final Downlink downlink;
    private final ServiceCounters counters;
    private final LongSupplier millisClock;

    ShadowService(ShadowStore store, Downlink downlink, ServiceCounters counters, LongSupplier millisClock) {
        this.store = store;
        this.downlink = downlink;
        this.counters = counters;
        this.millisClock = millisClock;
    }

    @Override
    public boolean handles(String topic) {
        return Topics.isShadowOperation(topic);
    }

    @Override
    public void handle(DeviceId from, String topic, byte[] payload, int qos) {
        String json = new String(payload, StandardCharsets.UTF_8);
        ShadowRequest request;
        try {
            request = ShadowRequest.parse(json);
        } catch (ProtocolException e) {
            LOG.debug("shadow request of {} refused: {}", from.clientId(), e.getMessage());
            ServiceCounters.increment(counters.shadowRequests, INVALID);
            Echo echo = Echo.of(json);
            answer(from, ShadowMessages.RESULT_BAD_REQUEST,
                    ShadowMessages.errorReply(echo.type, echo.clientToken, ShadowMessages.RESULT_BAD_REQUEST, nowS()));
            return;
        }
        switch (request.type()) {
            case ShadowMessages.TYPE_GET -> get(from, request);
            case ShadowMessages.TYPE_UPDATE -> update(from, request);
            default -> {
                ServiceCounters.increment(counters.shadowRequests, UNKNOWN);
                answer(from, ShadowMessages.RESULT_UNKNOWN_TYPE, ShadowMessages.errorReply(request.type(),
                        request.clientToken(), ShadowMessages.RESULT_UNKNOWN_TYPE, nowS()));
            }
        }
    }

    private void get(DeviceId from, ShadowRequest request) {
        ServiceCounters.increment(counters.shadowRequests, ShadowMessages.TYPE_GET);
        ShadowDocument.Snapshot doc = store.document(from).snapshot();
        answer(from, ShadowMessages.RESULT_OK, ShadowMessages.getReply(request.clientToken(), doc.reported(),
                doc.desired(), doc.delta(), doc.timestampMs(), doc.version(), ShadowMessages.RESULT_OK, nowS()));
    }

    private void update(DeviceId from, ShadowRequest request) {
        ServiceCounters.increment(counters.shadowRequests, ShadowMessages.TYPE_UPDATE);
        JsonObject reported = request.reported();
        JsonObject desired = request.desired();
        int invalid = ShadowLimits.check(reported, desired, request.clearsDesired());
        if (invalid != ShadowMessages.RESULT_OK) {
            answer(from, invalid, ShadowMessages.errorReply(ShadowMessages.TYPE_UPDATE, request.clientToken(),
                    invalid, nowS()));
            return;
        }
        ShadowDocument.Outcome outcome = store.document(from).update(reported, desired, request.clearsDesired(),
                request.checksVersion() ? request.version() : null, millisClock.getAsLong());
        ShadowDocument.Snapshot doc = outcome.document();
        String reply = switch (outcome.result()) {
            case ShadowMessages.RESULT_OK -> ShadowMessages.updateReply(request.clientToken(), reported, desired,
                    doc.timestampMs(), doc.version(), ShadowMessages.RESULT_OK, nowS());
            case ShadowMessages.RESULT_VERSION_CONFLICT -> ShadowMessages.conflictReply(request.clientToken(),
                    doc.reported(), doc.desired(), doc.delta(), doc.timestampMs(), doc.version(), nowS());
            default -> ShadowMessages.errorReply(ShadowMessages.TYPE_UPDATE, request.clientToken(), outcome.result(),
                    nowS());
        };
        answer(from, outcome.result(), reply);
    }

    /**
     * Changes desired state as the application does (UpdateDeviceShadow) and pushes the delta to the device when
     * one remains. The version must equal the current one, as the cloud API requires.
     */
    ShadowDocument.Outcome updateDesired(DeviceId id, JsonObject desiredOrNull, boolean clearDesired, long version) {
        ShadowDocument.Outcome outcome = store.document(id).update(null, desiredOrNull, clearDesired, version,
                millisClock.getAsLong());
        ShadowDocument.Snapshot doc = outcome.document();
        if (outcome.ok() && doc.delta() != null && !doc.delta().isEmpty()) {
            String delta = ShadowMessages.delta(doc.delta(), doc.version(), doc.timestampMs(), nowS());
            if (downlink.send(Topics.shadowResult(id), bytes(delta), 0) == io.fleetstorm.hub.HubDelivery.DELIVERED) {
                counters.deltasPushed.increment();
            }
        }
        return outcome;
    }

    ShadowDocument.Snapshot snapshot(DeviceId id) {
        return store.document(id).snapshot();
    }

    private void answer(DeviceId to, int result, String json) {
        ServiceCounters.increment(counters.shadowResults, result);
        downlink.send(Topics.shadowResult(to), bytes(json), 0);
    }

    private long nowS() {
        return millisClock.getAsLong() / 1000;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What an unreadable request still tells: its type and clientToken when they are strings. */
    private record Echo(String type, String clientToken) {
        static Echo of(String json) {
            try {
                JsonObject o = new JsonObject(json);
                return new Echo(o.getValue("type") instanceof String t && !t.isEmpty() ? t : ShadowMessages.TYPE_GET,
                        o.getValue("clientToken") instanceof String c ? c : null);
            } catch (RuntimeException e) {
                return new Echo(ShadowMessages.TYPE_GET, null);
            }
        }
    }
}
