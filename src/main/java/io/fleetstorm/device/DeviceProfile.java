package io.fleetstorm.device;

import io.fleetstorm.protocol.SignMethod;
import java.util.List;

/**
 * How the devices of one group behave on the wire: the vendor SDK habits they copy and the options QA set. Built once
 * per group by the engine from the scenario; shared by every device of the group.
 *
 * @param groupIndex           index of the group (label in metrics)
 * @param productId            product id of every device of the group
 * @param signMethod           HMAC method of key devices (null for certificate devices)
 * @param sdkAppId             the UserName's sdkappid
 * @param expiryStyle          how the UserName's expiry is written
 * @param expirySeconds        lifetime used by {@link ExpiryStyle#NOW_PLUS}
 * @param keepAliveSeconds     MQTT keepalive
 * @param cleanSession         cleanSession flag
 * @param subscriptions        topic suffix templates subscribed after CONNACK, in order (see {@link Subscription})
 * @param timeSyncOnConnect    whether the device asks for the time right after connecting (C SDK sample)
 * @param clientTokenWithDevice shadow clientToken {@code PID+DN-n} (Java SDK) instead of {@code PID-n} (C SDK)
 * @param shadowVersion        what version a shadow update carries
 * @param commandTimeoutMs     CONNACK / SUBACK / PUBACK / shadow answer timeout (SDKs: 5 s)
 * @param maxInFlight          QoS 1 publishes awaiting PUBACK before further ones wait in the device (Paho: 10);
 *                             a waiting publish is sent late, which corrected latency shows and service time does not
 * @param backoff              reconnect back-off
 * @param timeouts             per-operation answer timeouts (the scenario's {@code timeouts:}; SDKs: 5 s each)
 */
public record DeviceProfile(
        int groupIndex,
        String productId,
        SignMethod signMethod,
        String sdkAppId,
        ExpiryStyle expiryStyle,
        long expirySeconds,
        int keepAliveSeconds,
        boolean cleanSession,
        List<Subscription> subscriptions,
        boolean timeSyncOnConnect,
        boolean clientTokenWithDevice,
        ShadowVersion shadowVersion,
        long commandTimeoutMs,
        int maxInFlight,
        Backoff backoff,
        Timeouts timeouts) {

    /** A profile whose every operation times out after {@code commandTimeoutMs}. */
    public DeviceProfile(int groupIndex, String productId, SignMethod signMethod, String sdkAppId,
            ExpiryStyle expiryStyle, long expirySeconds, int keepAliveSeconds, boolean cleanSession,
            List<Subscription> subscriptions, boolean timeSyncOnConnect, boolean clientTokenWithDevice,
            ShadowVersion shadowVersion, long commandTimeoutMs, int maxInFlight, Backoff backoff) {
        this(groupIndex, productId, signMethod, sdkAppId, expiryStyle, expirySeconds, keepAliveSeconds, cleanSession,
                subscriptions, timeSyncOnConnect, clientTokenWithDevice, shadowVersion, commandTimeoutMs, maxInFlight,
                backoff, Timeouts.uniform(commandTimeoutMs));
    }

    /** How long a device waits for each kind of answer before counting a timeout, in milliseconds. */
    public record Timeouts(long connackMs, long subackMs, long pubackMs, long shadowMs, long echoMs,
            long downlinkMs, long otaMs) {

        /** The same timeout for every operation. */
        public static Timeouts uniform(long ms) {
            return new Timeouts(ms, ms, ms, ms, ms, ms, ms);
        }
    }

    /** How the SDKs write the UserName's expiry. */
    public enum ExpiryStyle {
        /** now + {@code expirySeconds}, in epoch seconds (documentation, Java without auto-reconnect). */
        NOW_PLUS,
        /** 2147483647 (Java SDK with auto-reconnect). */
        INT_MAX,
        /** The current time in epoch milliseconds (Python SDK). */
        NOW_MILLIS,
        /** The 17-digit {@code 92233720368547758} of the C SDK 3.3 defaults. */
        C_SDK_NEVER
    }

    /** The version a shadow update carries, by SDK. */
    public enum ShadowVersion {
        /** No version field (C SDK 3.x): never checked. */
        NONE,
        /** {@code "version":0} (Java SDK): never checked. */
        ZERO,
        /** The last version the device saw (older C SDKs): a stale one is answered with 5005. */
        LAST_SEEN
    }

    /** A topic a device subscribes to after connecting. */
    public enum Subscription {
        SHADOW_RESULT(0), OTA_UPDATE(1), DATA(1), CONTROL(1), BROADCAST(1), SYS_RESULT(0), RRPC(0);

        private final int qos;

        Subscription(int qos) {
            this.qos = qos;
        }

        public int qos() {
            return qos;
        }
    }

    /**
     * Reconnect back-off: the first wait is uniform in [firstMinMs, firstMaxMs], doubled after each failed attempt up
     * to maxMs; the device gives up once the total wait passes giveUpAfterMs (0 = never).
     */
    public record Backoff(long firstMinMs, long firstMaxMs, long maxMs, long giveUpAfterMs) {
    }
}
