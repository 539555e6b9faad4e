package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The decrypted payload of a registration answer: a PSK, or a certificate and its private key (PEM).
 */
public record DynregCredentials(int encryptionType, String psk, String clientCert, String clientKey) {
    private static final String WHAT = "registration payload";

    public static DynregCredentials parse(String json) throws ProtocolException {
        JsonObject o = JsonText.parseObject(json, WHAT);
        Long type = JsonText.optionalLong(o, "encryptionType", WHAT, false);
        if (type == null) {
            throw new ProtocolException(WHAT + " has no \"encryptionType\"");
        }
        if (type == DynregMessages.ENCRYPTION_PSK) {
            return new DynregCredentials(type.intValue(), JsonText.string(o, "psk", WHAT), null, null);
        }
        if (type == DynregMessages.ENCRYPTION_CERTIFICATE) {
            return new DynregCredentials(type.intValue(), null, JsonText.string(o, "clientCert", WHAT),
                    JsonText.string(o, "clientKey", WHAT));
        }
        throw new ProtocolException(WHAT + " \"encryptionType\" must be 1 or 2, but was " + type);
    }

    /** Never prints the key material. */
    @Override
    public String toString() {
        return "DynregCredentials[encryptionType=" + encryptionType + "]";
    }
}
