package io.fleetstorm.metrics;

import java.util.Locale;
import java.util.Optional;

/**
 * The catalogue of error kinds the engine counts ({@link LoopRecorder#error}), each with a one-line explanation, and
 * the explanations of the reasons that come with them ({@code connack/0x03}, {@code ota/fail_-5}, ...), so that every
 * error line of a summary says what happened. Call sites may still pass the kind as a string: an unknown kind or
 * reason is reported as it is, with no explanation.
 */
public enum ErrorKind {
    /** The connection could not be opened (before any CONNACK). */
    CONNECT("the connection could not be opened: TCP refused or reset, TLS failed, or no CONNACK came"),
    /** The hub answered the CONNECT with a refusal code. */
    CONNACK("the hub refused the CONNECT"),
    /** The hub refused a subscription. */
    SUBACK("the hub refused a subscription"),
    /** An operation got no answer within its command timeout. */
    TIMEOUT("no answer within the command timeout"),
    /** The link dropped while an operation waited for its answer. */
    DISCONNECT("the connection dropped while the operation waited for its answer"),
    /** An operation was due but could not be sent. */
    SKIPPED("the operation was due but was not sent"),
    /** An application-side call of the cloud API failed. */
    API("an application-side cloud API call failed"),
    /** A shadow request or answer went wrong. */
    SHADOW("a device shadow request failed"),
    /** An OTA upgrade went wrong on the device. */
    OTA("an OTA upgrade failed on the device"),
    /** A firmware download did not match its checksum. */
    MD5("the downloaded firmware's MD5 did not match the command's md5sum"),
    /** A packet from the hub was not valid MQTT. */
    DECODE("a packet from the hub could not be decoded as MQTT 3.1.1"),
    /** The hub sent a packet a device does not expect. */
    PROTOCOL("the hub broke the protocol"),
    /** A socket error on an open connection. */
    IO("a socket error on an open connection"),
    /** A device stopped trying to reconnect. */
    RECONNECT("a device stopped reconnecting");

    private final String label = name().toLowerCase(Locale.ROOT);
    private final String explanation;

    ErrorKind(String explanation) {
        this.explanation = explanation;
    }

    /** The label used in summaries, summary.json and metrics labels, e.g. {@code connack}. */
    public String label() {
        return label;
    }

    /** The kind's one-line explanation. */
    public String explanation() {
        return explanation;
    }

    /** The kind with this label, if any. */
    public static Optional<ErrorKind> fromLabel(String label) {
        for (ErrorKind k : values()) {
            if (k.label.equals(label)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * The one-line explanation of an error as counted ({@code kind}, {@code reason}), e.g. {@code connack}, {@code
     * 0x03}: {@code the hub refused the CONNECT: bad signature, unknown device or ClientId mismatch}; empty when the
     * kind is not in the catalogue.
     */
    public static Optional<String> explain(String kind, String reason) {
        return fromLabel(kind).map(k -> k.explain(reason == null ? "" : reason));
    }

    /** This kind's explanation of one reason; the kind's own explanation when the reason has none of its own. */
    public String explain(String reason) {
        String specific = switch (this) {
            case CONNECT -> connect(reason);
            case CONNACK -> connack(reason);
            case SUBACK -> reason.equals("0x80") ? "the hub refused a subscription (SUBACK 0x80): a topic the device "
                    + "may not subscribe to" : null;
            case TIMEOUT -> "no answer within the command timeout" + timedOut(reason);
            case SKIPPED -> skipped(reason);
            case API -> ApiErrors.explain(reason);
            case SHADOW -> shadow(reason);
            case OTA -> ota(reason);
            case PROTOCOL -> reason.startsWith("unexpected_") ? "the hub sent a packet a device never expects ("
                    + reason.substring("unexpected_".length()).toUpperCase(Locale.ROOT) + ")" : null;
            case RECONNECT -> reason.equals("gave_up") ? "the device gave up reconnecting past its SDK's back-off "
                    + "limit (C SDK: 60 s of waiting) and stayed offline" : null;
            default -> null;
        };
        return specific != null ? specific : explanation;
    }

    private static String connect(String reason) {
        return switch (reason) {
            case "refused", "connect", "annotatedconnect", "nativeconnect" -> "TCP connection refused: nothing "
                    + "listens on the target's port (the target is down or restarting)";
            case "reset", "connectionreset" -> "the target reset the connection before answering the CONNECT";
            case "timeout", "connecttimeout" -> "the TCP connect timed out (the target or the network dropped "
                    + "the SYN)";
            case "tls", "ssl", "sslhandshake", "decoder" -> "the TLS handshake failed: certificate, CA or protocol "
                    + "version not accepted";
            case "closed_before_connack", "closedchannel" -> "the target closed the connection before it answered "
                    + "the CONNECT";
            default -> reason.startsWith("connack_") ? connack(reason.substring("connack_".length())) : null;
        };
    }

    private static String connack(String code) {
        return switch (code) {
            case "0x01" -> "the hub refused the CONNECT (0x01): unacceptable protocol version (MQTT 3.1.1 expected)";
            case "0x02" -> "the hub refused the CONNECT (0x02): ClientId rejected, or a keepalive over 900 s";
            case "0x03" -> "the hub refused the CONNECT (0x03): bad signature, unknown device or ClientId mismatch "
                    + "(also a second CONNECT of a device within 5 s)";
            case "0x04" -> "the hub refused the CONNECT (0x04): bad user name or password, e.g. a signature whose "
                    + "expiry is in the past (check the clocks)";
            case "0x05" -> "the hub refused the CONNECT (0x05): not authorized, e.g. the device is disabled";
            default -> null;
        };
    }

    private static String timedOut(String what) {
        return switch (what) {
            case "connack", "connect" -> ": no CONNACK";
            case "suback", "subscribe" -> ": no SUBACK";
            case "publish-ack", "puback" -> ": no PUBACK for a QoS 1 publish";
            case "echo" -> ": the echoed message did not come back";
            case "downlink" -> ": the downlink sent through the API never reached the device";
            case "shadow-update", "shadow-get" -> ": no shadow answer";
            case "shadow-delta", "shadow-convergence" -> ": the desired state never reached the device as a delta";
            case "ota-command", "ota-download", "ota-done" -> ": the OTA upgrade did not progress in time";
            default -> what.isEmpty() ? "" : " (" + what + ")";
        };
    }

    private static String skipped(String reason) {
        return switch (reason) {
            case "not_connected" -> "the operation was due while its device was not connected, so it was not sent";
            case "not_writable" -> "the device's socket could take no more data (the generator or the network was "
                    + "behind), so the operation was not sent";
            default -> null;
        };
    }

    private static String shadow(String reason) {
        if (reason.equals("delta_superseded")) {
            return "a newer desired state replaced this one before the device saw its delta";
        }
        if (reason.equals("malformed_reply")) {
            return "the shadow answer was not the documented JSON";
        }
        if (reason.equals("result_5005")) {
            return "the shadow refused the update (5005): its version was not the current one";
        }
        return reason.startsWith("result_") ? "the shadow answered with result code "
                + reason.substring("result_".length()) + " instead of 0" : null;
    }

    private static String ota(String reason) {
        return switch (reason) {
            case "fail_-1" -> "the device reported the upgrade failed (-1): download timeout";
            case "fail_-2" -> "the device reported the upgrade failed (-2): firmware file not found";
            case "fail_-3" -> "the device reported the upgrade failed (-3): download authorization failed or expired";
            case "fail_-4" -> "the device reported the upgrade failed (-4): MD5 mismatch";
            case "fail_-5" -> "the device reported the upgrade failed (-5): burning the firmware failed; fleetstorm's "
                    + "devices report it for the scenario's ota fail: share";
            case "malformed_command" -> "the upgrade command was not the documented JSON";
            default -> reason.startsWith("fail_") ? "the device reported the upgrade failed ("
                    + reason.substring("fail_".length()) + ")" : null;
        };
    }
}
