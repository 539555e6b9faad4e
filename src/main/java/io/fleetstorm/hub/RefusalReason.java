package io.fleetstorm.hub;

/**
 * Why the hub refused a CONNECT, and the CONNACK return code it answered with (protocol doc section 10).
 */
public enum RefusalReason {
    /** MQTT protocol level other than 3 (MQIsdp) or 4. */
    UNSUPPORTED_PROTOCOL(0x01),
    /** KeepAlive above the limit (900 s). */
    KEEPALIVE_TOO_LONG(0x02),
    /** No product is registered whose id prefixes the ClientId, or the device does not exist. */
    UNKNOWN_DEVICE(0x03),
    /** UserName absent (for a key device) or not {@code clientId;sdkappid;connid;expiry}. */
    MALFORMED_USERNAME(0x03),
    /** The UserName names another device than the ClientId. */
    CLIENT_ID_MISMATCH(0x03),
    /** The password is not the HMAC of the UserName with the device's PSK. */
    BAD_SIGNATURE(0x03),
    /** A certificate device without its registered, valid client certificate. */
    BAD_CERTIFICATE(0x03),
    /** The UserName's expiry is in the past. */
    EXPIRED(0x04),
    /** The device is disabled. */
    DISABLED(0x05),
    /** A second CONNECT of the device within the connect interval (5 s). */
    CONNECT_RATE(0x03),
    /** Refused by an injected fault ({@link HubFaults}): a refusal ratio, or a full connect queue. */
    FAULT_INJECTED(0x03),
    /**
     * Over TLS to a hub impersonating the cloud's per-product hosts: the SNI was not the host of the device's product
     * ({@link HubOptions#productHostSuffix}).
     */
    WRONG_HOST(0x03);

    private final int returnCode;

    RefusalReason(int returnCode) {
        this.returnCode = returnCode;
    }

    /** The CONNACK return code sent to the device. */
    public int returnCode() {
        return returnCode;
    }

    /** The label used in metrics and reports. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
