package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The body of a dynamic registration request as the hub reads it.
 *
 * @param productId  {@code ProductId}
 * @param deviceName {@code DeviceName}
 * @param clientCert the device's own certificate (custom-CA certificate products: {@code ClientCert}, the C SDK's
 *                   {@code clientCert}), or null
 */
public record DynregRequest(String productId, String deviceName, String clientCert) {
    private static final String WHAT = "registration request";

    /** Parses the current protocol's body; the message names the field that is wrong. */
    public static DynregRequest parse(String json) throws ProtocolException {
        JsonObject o = JsonText.parseObject(json, WHAT);
        String productId = JsonText.string(o, "ProductId", WHAT);
        String deviceName = JsonText.string(o, "DeviceName", WHAT);
        check(productId, deviceName);
        String cert = JsonText.optionalString(o, "ClientCert", WHAT);
        if (cert == null) {
            cert = JsonText.optionalString(o, "clientCert", WHAT);
        }
        return new DynregRequest(productId, deviceName, cert);
    }

    /** The device the request names. */
    public DeviceId device() {
        return new DeviceId(productId, deviceName);
    }

    static void check(String productId, String deviceName) throws ProtocolException {
        if (!DeviceId.isValidProductId(productId)) {
            throw new ProtocolException(WHAT + " \"ProductId\" must match " + DeviceId.PRODUCT_ID_RULE + ", but was "
                    + JsonText.show(productId));
        }
        if (!DeviceId.isValidDeviceName(deviceName)) {
            throw new ProtocolException(WHAT + " \"DeviceName\" must match " + DeviceId.DEVICE_NAME_RULE
                    + ", but was " + JsonText.show(deviceName));
        }
    }
}
