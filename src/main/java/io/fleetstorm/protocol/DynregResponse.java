package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * A dynamic registration answer as a device reads it: either the encrypted payload or the cloud's error.
 *
 * @param len       {@code Len}, the plaintext length (-1 when absent)
 * @param payload   {@code Payload} (base64), or null on an error
 * @param state     {@code State} (0 created, 1 existed), or -1
 * @param requestId {@code RequestId}, or null
 * @param errorCode {@code Error.Code}, or null on success
 * @param errorMessage {@code Error.Message}, or null
 */
public record DynregResponse(int len, String payload, int state, String requestId, String errorCode,
        String errorMessage) {
    private static final String WHAT = "registration answer";

    public static DynregResponse parse(String json) throws ProtocolException {
        JsonObject o = JsonText.parseObject(json, WHAT);
        JsonObject response = JsonText.object(o, "Response", WHAT);
        String requestId = JsonText.optionalString(response, "RequestId", WHAT);
        JsonObject error = JsonText.optionalObject(response, "Error", WHAT);
        if (error != null) {
            return new DynregResponse(-1, null, -1, requestId, JsonText.optionalString(error, "Code", WHAT),
                    JsonText.optionalString(error, "Message", WHAT));
        }
        String payload = JsonText.string(response, "Payload", WHAT);
        Long len = JsonText.optionalLong(response, "Len", WHAT, false);
        Long state = JsonText.optionalLong(response, "State", WHAT, false);
        return new DynregResponse(len == null ? -1 : len.intValue(), payload, state == null ? -1 : state.intValue(),
                requestId, null, null);
    }

    public boolean ok() {
        return errorCode == null;
    }

    /** Decrypts the payload with the product secret into the credentials it carries. */
    public DynregCredentials credentials(String productSecret) throws ProtocolException {
        if (!ok()) {
            throw new ProtocolException(WHAT + " is an error: " + errorCode);
        }
        byte[] plain;
        try {
            plain = DynregCrypto.decrypt(payload, productSecret, len);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(WHAT + " \"Payload\" cannot be decrypted: " + e.getMessage());
        }
        return DynregCredentials.parse(new String(plain, java.nio.charset.StandardCharsets.UTF_8));
    }
}
