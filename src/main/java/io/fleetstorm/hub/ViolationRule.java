package io.fleetstorm.hub;

import java.util.Locale;

/**
 * A rule of the MQTT protocol or of the cloud's access rules that a client broke. The hub counts each (metric
 * {@code fleetstorm_hub_protocol_violations_total{rule}}) and logs one rate-limited line with the client's address.
 */
public enum ViolationRule {
    /** A packet other than CONNECT as the first packet; the connection is closed. */
    PACKET_BEFORE_CONNECT("a packet other than CONNECT before CONNECT"),
    /** A second CONNECT on a connection; the connection is closed. */
    SECOND_CONNECT("a second CONNECT on one connection"),
    /** A packet only a server sends (CONNACK, SUBACK, PINGRESP, ...); the connection is closed. */
    UNEXPECTED_PACKET("a packet type only a server sends"),
    /** Bytes that do not decode as an MQTT packet; the connection is closed. */
    MALFORMED_PACKET("bytes that are not a valid MQTT packet"),
    /** A packet longer than the hub accepts (payload limit plus headroom); the connection is closed. */
    OVERSIZE_PACKET("a packet longer than the hub accepts"),
    /** A ClientId the decoder rejects (too long); answered with CONNACK 0x02. */
    CLIENT_ID_REJECTED("a ClientId longer than 128 characters"),
    /** An MQTT protocol level other than 3.1 and 3.1.1; answered with CONNACK 0x01. */
    UNSUPPORTED_PROTOCOL("an MQTT protocol level other than 3 (3.1) or 4 (3.1.1)"),
    /** CONNECT refused: KeepAlive above the limit. */
    KEEPALIVE_TOO_LONG("a KeepAlive above the limit"),
    /** CONNECT refused: no such product or device. */
    UNKNOWN_DEVICE("a CONNECT for a device that does not exist"),
    /** CONNECT refused: the UserName is missing or not clientId;sdkappid;connid;expiry. */
    MALFORMED_USERNAME("a UserName that is not clientId;sdkappid;connid;expiry"),
    /** CONNECT refused: the UserName names another device than the ClientId. */
    CLIENT_ID_MISMATCH("a UserName for another device than the ClientId"),
    /** CONNECT refused: the password is not the signature of the UserName. */
    BAD_SIGNATURE("a password that is not the signature of the UserName"),
    /** CONNECT refused: no valid registered client certificate. */
    BAD_CERTIFICATE("a certificate device without its valid registered certificate"),
    /** CONNECT refused: the signature's expiry is past. */
    EXPIRED("a signature whose expiry is past"),
    /** A PUBLISH with QoS 2; the connection is closed. */
    QOS2_PUBLISH("a PUBLISH with QoS 2"),
    /** A PUBLISH payload over the size limit; the connection is closed. */
    OVERSIZE_PAYLOAD("a PUBLISH payload over the size limit"),
    /** A topic longer than 255 bytes or deeper than 10 levels; dropped. */
    MALFORMED_TOPIC("a topic longer than 255 bytes or deeper than 10 levels"),
    /** A PUBLISH to a topic the device may not publish to; dropped. */
    FORBIDDEN_TOPIC("a PUBLISH to a topic the device may not publish to"),
    /** A SUBSCRIBE to a filter the device may not subscribe to; SUBACK 0x80. */
    FORBIDDEN_SUBSCRIPTION("a SUBSCRIBE to a filter the device may not subscribe to");

    private final String description;

    ViolationRule(String description) {
        this.description = description;
    }

    /** The rule's label in metrics and log lines, e.g. {@code packet_before_connect}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the client did, in words. */
    public String description() {
        return description;
    }

    /**
     * The rule a CONNECT refusal stands for, or null when the refusal is the hub's policy rather than the client's
     * mistake (a disabled device, the connect interval, an injected fault).
     */
    public static ViolationRule of(RefusalReason reason) {
        return switch (reason) {
            case UNSUPPORTED_PROTOCOL -> UNSUPPORTED_PROTOCOL;
            case KEEPALIVE_TOO_LONG -> KEEPALIVE_TOO_LONG;
            case UNKNOWN_DEVICE -> UNKNOWN_DEVICE;
            case MALFORMED_USERNAME -> MALFORMED_USERNAME;
            case CLIENT_ID_MISMATCH -> CLIENT_ID_MISMATCH;
            case BAD_SIGNATURE -> BAD_SIGNATURE;
            case BAD_CERTIFICATE -> BAD_CERTIFICATE;
            case EXPIRED -> EXPIRED;
            default -> null;
        };
    }
}
