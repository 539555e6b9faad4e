package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.HubDelivery;
import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** PublishMessage, PublishBroadcastMessage and PublishRRPCMessage. */
final class MessageActions {

    /** How long PublishRRPCMessage waits for the device, as the cloud does. */
    static final long RRPC_TIMEOUT_MS = 4_000;

    private final Vertx vertx;
    private final ApiLookup lookup;
    private final Downlink downlink;
    private final Predicate<DeviceId> online;
    private final DeviceActivity activity;
    private final RrpcService rrpc;
    private final AtomicLong nextBroadcastTask = new AtomicLong(1);

    MessageActions(Vertx vertx, ApiLookup lookup, Downlink downlink, Predicate<DeviceId> online,
            DeviceActivity activity, RrpcService rrpc) {
        this.vertx = vertx;
        this.lookup = lookup;
        this.downlink = downlink;
        this.online = online;
        this.activity = activity;
        this.rrpc = rrpc;
    }

    void register(ApiServer api) {
        api.action("PublishMessage", ApiAction.sync(this::publish))
                .action("PublishBroadcastMessage", ApiAction.sync(this::broadcast))
                .action("PublishRRPCMessage", this::rrpc);
    }

    /** To one of the device's own topics; an offline device fails unless its persistent session queues it. */
    private JsonObject publish(ApiParams params) {
        DeviceId id = lookup.device(params);
        String topic = params.string("Topic");
        byte[] payload = payload(params);
        int qos = params.qos();
        if (!Optional.of(id).equals(Topics.owner(topic)) || Topics.checkShape(topic).isPresent()) {
            throw ApiException.invalidValue("Topic", "must be a topic of device " + id.productId() + "/"
                    + id.deviceName() + ", but was \"" + topic + "\"");
        }
        boolean wasOnline = online.test(id);
        HubDelivery delivery = downlink.send(topic, payload, qos);
        if (!wasOnline && delivery != HubDelivery.QUEUED) {
            throw offline(id);
        }
        return new JsonObject();
    }

    /** To {@code $broadcast/rxd/PID/DN} of every online device of the product. */
    private JsonObject broadcast(ApiParams params) {
        Product product = lookup.product(params);
        byte[] payload = payload(params);
        int qos = params.qos();
        for (DeviceId id : activity.everConnected(product.productId())) {
            if (online.test(id)) {
                downlink.send(Topics.broadcast(id), payload, qos);
            }
        }
        return new JsonObject().put("TaskId", nextBroadcastTask.getAndIncrement());
    }

    private Future<JsonObject> rrpc(ApiParams params) {
        DeviceId id = lookup.device(params);
        byte[] payload = payload(params);
        if (!online.test(id)) {
            throw offline(id);
        }
        return rrpc.call(vertx, id, payload, RRPC_TIMEOUT_MS)
                .map(reply -> new JsonObject().put("MessageId", reply.messageId())
                        .put("PayloadBase64", Base64.getEncoder().encodeToString(reply.payload())))
                .recover(e -> Future.failedFuture(e instanceof RrpcService.TimeoutException
                        ? new ApiException(ApiException.RRPC_TIMEOUT, "The device did not answer within "
                                + RRPC_TIMEOUT_MS / 1000 + " s.")
                        : e));
    }

    /** Payload as UTF-8 text, or base64 with {@code "PayloadEncoding":"base64"} as the cloud accepts it. */
    private static byte[] payload(ApiParams params) {
        String payload = params.optionalString("Payload");
        if (payload == null) {
            throw ApiException.missing("Payload");
        }
        String encoding = params.optionalString("PayloadEncoding");
        if (encoding == null || encoding.isEmpty()) {
            return payload.getBytes(StandardCharsets.UTF_8);
        }
        if (!encoding.equals("base64")) {
            throw ApiException.invalidValue("PayloadEncoding",
                    "must be base64 when given, but was \"" + encoding + "\"");
        }
        try {
            return Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidValue("Payload", "must be base64 with PayloadEncoding base64");
        }
    }

    private static ApiException offline(DeviceId id) {
        return new ApiException(ApiException.DEVICE_OFFLINE, "The device `" + id.productId() + "/"
                + id.deviceName() + "` is offline.");
    }
}
