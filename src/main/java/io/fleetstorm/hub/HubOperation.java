package io.fleetstorm.hub;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** An operation of the hub that faults can slow down, cap or refuse ({@link HubFaults}). */
public enum HubOperation {
    /** A CONNECT, answered with CONNACK; a refusal answers CONNACK 0x03 (server unavailable). */
    CONNECT,
    /** The processing of a PUBLISH (any QoS): routing, and the PUBACK of QoS 1; a refusal drops the message. */
    PUBLISH,
    /** The PUBACK of a QoS 1 PUBLISH alone (the message is routed at once); a refusal withholds the PUBACK. */
    PUBACK,
    /** A SUBSCRIBE, answered with SUBACK; a refusal answers 0x80 for every filter. */
    SUBSCRIBE,
    /** A shadow request ({@code $shadow/operation/...}) and so its answer; a refusal drops it unanswered. */
    SHADOW,
    /** An application API call; a refusal answers the cloud's error shape (RequestLimitExceeded by default). */
    API;

    /** The key in flags, scenario files and metric labels, e.g. {@code puback}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<HubOperation> ofLabel(String label) {
        return Arrays.stream(values()).filter(o -> o.label().equals(label)).findFirst();
    }

    /** {@code connect, publish, puback, subscribe, shadow, api}: for error messages. */
    public static String labels() {
        return Arrays.stream(values()).map(HubOperation::label).collect(Collectors.joining(", "));
    }
}
