package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The JSON of dynamic registration (addendum section 12): the request body, the answer envelope and the encrypted
 * credentials inside it.
 */
public final class DynregMessages {
    /** {@code encryptionType} of a certificate answer. */
    public static final int ENCRYPTION_CERTIFICATE = 1;
    /** {@code encryptionType} of a key (PSK) answer. */
    public static final int ENCRYPTION_PSK = 2;
    /** {@code State}: the device was created by this registration. */
    public static final int STATE_CREATED = 0;
    /** {@code State}: the device existed already. */
    public static final int STATE_EXISTED = 1;

    public static final String ERROR_SIGNATURE = "AuthFailure.SignatureFailure";
    public static final String ERROR_PRODUCT = "ResourceNotFound.ProductNotExist";
    public static final String ERROR_DEVICE = "ResourceNotFound.DeviceNotExist";
    public static final String ERROR_DISABLED = "UnauthorizedOperation.PermissionDenied";
    public static final String ERROR_LIMIT = "LimitExceeded.DeviceExceedLimit";
    public static final String ERROR_PARAMETER = "InvalidParameterValue";

    private DynregMessages() {
    }

    /** {@code {"ProductId":"..","DeviceName":".."}}, key order as the C SDK writes it. */
    public static String request(DeviceId device) {
        return "{\"ProductId\":" + JsonText.quote(device.productId()) + ",\"DeviceName\":"
                + JsonText.quote(device.deviceName()) + "}";
    }

    /** The plaintext of a key product's answer: {@code {"encryptionType":2,"psk":"..."}}. */
    public static String pskCredentials(String base64Psk) {
        return "{\"encryptionType\":" + ENCRYPTION_PSK + ",\"psk\":" + JsonText.quote(base64Psk) + "}";
    }

    /** The plaintext of a certificate product's answer, PEM newlines JSON-escaped. */
    public static String certificateCredentials(String certificatePem, String privateKeyPem) {
        return "{\"encryptionType\":" + ENCRYPTION_CERTIFICATE + ",\"clientCert\":" + JsonText.quote(certificatePem)
                + ",\"clientKey\":" + JsonText.quote(privateKeyPem) + "}";
    }

    /** {@code {"Response":{"Len":N,"Payload":"..","RequestId":"..","State":S}}}. */
    public static String success(int len, String payload, String requestId, int state) {
        return "{\"Response\":{\"Len\":" + len + ",\"Payload\":" + JsonText.quote(payload) + ",\"RequestId\":"
                + JsonText.quote(requestId) + ",\"State\":" + state + "}}";
    }

    /** {@code {"Response":{"Error":{"Code":C,"Message":M},"RequestId":R}}}. */
    public static String error(String code, String message, String requestId) {
        return new JsonObject().put("Response", new JsonObject()
                .put("Error", new JsonObject().put("Code", code).put("Message", message))
                .put("RequestId", requestId)).encode();
    }

    /** The legacy ({@code /register/dev}) success answer. */
    public static String legacySuccess(int len, String payload) {
        return "{\"code\":0,\"message\":\"\",\"len\":" + len + ",\"payload\":" + JsonText.quote(payload) + "}";
    }

    /** The legacy failure answer, e.g. code 1010 "Check signature failed". */
    public static String legacyError(int code, String message, String requestId) {
        return new JsonObject().put("code", code).put("message", message).put("requestId", requestId).encode();
    }
}
