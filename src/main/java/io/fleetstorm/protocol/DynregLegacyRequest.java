package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The legacy ({@code /register/dev}) registration body:
 * {@code {"deviceName":D,"nonce":N,"productId":P,"timestamp":T,"signature":S}}; the signature travels in the body.
 */
public record DynregLegacyRequest(String productId, String deviceName, long nonce, long timestamp, String signature) {
    private static final String WHAT = "legacy registration request";

    public static DynregLegacyRequest parse(String json) throws ProtocolException {
        JsonObject o = JsonText.parseObject(json, WHAT);
        String productId = JsonText.string(o, "productId", WHAT);
        String deviceName = JsonText.string(o, "deviceName", WHAT);
        DynregRequest.check(productId, deviceName);
        Long nonce = JsonText.optionalLong(o, "nonce", WHAT, true);
        Long timestamp = JsonText.optionalLong(o, "timestamp", WHAT, true);
        if (nonce == null || timestamp == null) {
            throw new ProtocolException(WHAT + " needs \"nonce\" and \"timestamp\"");
        }
        return new DynregLegacyRequest(productId, deviceName, nonce, timestamp,
                JsonText.string(o, "signature", WHAT));
    }

    public DeviceId device() {
        return new DeviceId(productId, deviceName);
    }
}
