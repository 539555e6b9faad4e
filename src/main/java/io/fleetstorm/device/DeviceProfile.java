package io.fleetstorm.device;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Topics;
import java.util.List;
import java.util.random.RandomGenerator;

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
 * @param timeouts             how long each kind of command waits for its answer (SDKs: 5 s)
 * @param maxInFlight          QoS 1 publishes awaiting PUBACK before further ones wait in the device (Paho: 10);
 *                             a waiting publish is sent late, which corrected latency shows and service time does not
 * @param backoff              reconnect back-off
 * @param dialect              the SDK whose ways the newer features copy (TLS-PSK, remote configuration topics, bind
 *                             signatures, registration requests, what a gateway does after a reconnect)
 * @param gateway              whether the devices are gateways that proxy sub-devices (counted as sockets, not as
 *                             logical devices)
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
        Timeouts timeouts,
        int maxInFlight,
        Backoff backoff,
        Dialect dialect,
        boolean gateway) {

    /** A direct (non-gateway) device of the SDK its shadow clientToken style names. */
    public DeviceProfile(int groupIndex, String productId, SignMethod signMethod, String sdkAppId,
            ExpiryStyle expiryStyle, long expirySeconds, int keepAliveSeconds, boolean cleanSession,
            List<Subscription> subscriptions, boolean timeSyncOnConnect, boolean clientTokenWithDevice,
            ShadowVersion shadowVersion, Timeouts timeouts, int maxInFlight, Backoff backoff) {
        this(groupIndex, productId, signMethod, sdkAppId, expiryStyle, expirySeconds, keepAliveSeconds, cleanSession,
                subscriptions, timeSyncOnConnect, clientTokenWithDevice, shadowVersion, timeouts, maxInFlight, backoff,
                clientTokenWithDevice ? Dialect.JAVA_SDK : Dialect.C_SDK, false);
    }

    /** A profile whose commands all wait {@code commandTimeoutMs} for their answer (the SDKs' single timeout). */
    public DeviceProfile(int groupIndex, String productId, SignMethod signMethod, String sdkAppId,
            ExpiryStyle expiryStyle, long expirySeconds, int keepAliveSeconds, boolean cleanSession,
            List<Subscription> subscriptions, boolean timeSyncOnConnect, boolean clientTokenWithDevice,
            ShadowVersion shadowVersion, long commandTimeoutMs, int maxInFlight, Backoff backoff) {
        this(groupIndex, productId, signMethod, sdkAppId, expiryStyle, expirySeconds, keepAliveSeconds, cleanSession,
                subscriptions, timeSyncOnConnect, clientTokenWithDevice, shadowVersion,
                Timeouts.all(commandTimeoutMs), maxInFlight, backoff);
    }

    /**
     * Whether a message may start a feature before the device asked for anything: a shadow delta, a configuration
     * push, a download task, or anything on a gateway's result topic.
     */
    public boolean featuresWithoutAsking() {
        return gateway || subscriptions.contains(Subscription.SHADOW_RESULT)
                || subscriptions.contains(Subscription.CONFIG_RESULT)
                || subscriptions.contains(Subscription.RESOURCE_DOWN);
    }

    /** The vendor SDK a device copies where the SDKs differ on the wire in more than the fields above. */
    public enum Dialect {
        /**
         * The C SDK: TLS-PSK over TLS, {@code $config/operation} at QoS 0, bind signed with HMAC-SHA1 and a
         * {@code rand()} random, registration with {@code hmacsha1} and a SHA-1 body hash; a gateway sends
         * {@code offline} before it brings a sub-device online again after a reconnect (its SDK refuses a second
         * {@code online} until then).
         */
        C_SDK,
        /**
         * The Java SDK: server-authenticated TLS with the HMAC password, {@code $config/report} at QoS 1, bind signed
         * with HMAC-SHA256 and a random below 999,999, registration with {@code hmacsha256}.
         */
        JAVA_SDK
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
        SHADOW_RESULT(0), OTA_UPDATE(1), DATA(1), CONTROL(1), BROADCAST(1), SYS_RESULT(0), RRPC(0),
        /** {@code $gateway/operation/result/...}: the C SDK subscribes it at QoS 1 right after CONNACK. */
        GATEWAY_RESULT(1),
        /** {@code $config/operation/result/...}: QoS 0 by the C SDK, QoS 1 by the Java SDK (see {@link #qos}). */
        CONFIG_RESULT(0),
        /** {@code $resource/down/service/...}: resource answers and download tasks (C SDK: QoS 1). */
        RESOURCE_DOWN(1);

        private final int qos;

        Subscription(int qos) {
            this.qos = qos;
        }

        public int qos() {
            return qos;
        }

        /** The QoS a device of this SDK subscribes with. */
        public int qos(Dialect dialect) {
            return this == CONFIG_RESULT && dialect == Dialect.JAVA_SDK ? 1 : qos;
        }

        /** The topic filter a device subscribes to. */
        public String topic(DeviceId id) {
            return switch (this) {
                case SHADOW_RESULT -> Topics.shadowResult(id);
                case OTA_UPDATE -> Topics.otaUpdate(id);
                case DATA -> Topics.data(id);
                case CONTROL -> Topics.control(id);
                case BROADCAST -> Topics.broadcast(id);
                case SYS_RESULT -> Topics.sysResult(id);
                case RRPC -> Topics.rrpcRequestFilter(id);
                case GATEWAY_RESULT -> Topics.gatewayResult(id);
                case CONFIG_RESULT -> Topics.configResult(id);
                case RESOURCE_DOWN -> Topics.resourceDown(id);
            };
        }
    }

    /**
     * How long each kind of command waits for its answer before it counts as timed out (an error of kind
     * {@code timeout} and the operation-timeouts counter). The vendor SDKs use one command
     * timeout of 5 s for all but the firmware download, whose HTTP requests time out after 10 s.
     *
     * @param connackMs  from the start of a connect attempt (TCP, TLS, CONNECT) to its CONNACK
     * @param subackMs   SUBSCRIBE to SUBACK
     * @param pubackMs   QoS 1 PUBLISH to PUBACK
     * @param shadowMs   shadow request to its answer; an application's desired change to its delta
     * @param echoMs     a publish to the device's data topic until the hub sends it back
     * @param downlinkMs an application's downlink until the device receives it
     * @param otaMs      one firmware download request (connect and read)
     */
    public record Timeouts(long connackMs, long subackMs, long pubackMs, long shadowMs, long echoMs,
            long downlinkMs, long otaMs) {

        /** The SDKs' timeouts: 5 s per command, 10 s per firmware download request. */
        public static final Timeouts SDK_DEFAULTS = new Timeouts(5_000, 5_000, 5_000, 5_000, 5_000, 5_000, 10_000);

        public Timeouts {
            long[] all = {connackMs, subackMs, pubackMs, shadowMs, echoMs, downlinkMs, otaMs};
            String[] names = {"connack", "suback", "puback", "shadow", "echo", "downlink", "ota"};
            for (int i = 0; i < all.length; i++) {
                if (all[i] <= 0) {
                    throw new IllegalArgumentException("timeouts." + names[i] + " must be > 0 ms, but was " + all[i]);
                }
            }
        }

        /** Every command with the same timeout (the firmware download too). */
        public static Timeouts all(long ms) {
            return new Timeouts(ms, ms, ms, ms, ms, ms, ms);
        }
    }

    /**
     * Reconnect back-off, for the first connect as for a later drop: the first wait is uniform in
     * [firstMinMs, firstMaxMs], each next one doubles the previous, up to maxMs; the device gives up instead of a wait
     * that would bring its total wait past giveUpAfterMs (0 = never). C SDK: 1-2 s, doubling, gives up past 60 s;
     * Java SDK (Paho): 1 s doubling to 2 min, never gives up.
     */
    public record Backoff(long firstMinMs, long firstMaxMs, long maxMs, long giveUpAfterMs) {

        /** The first wait after a loss or a failed first attempt. */
        public long firstWaitMs(RandomGenerator random) {
            return firstMaxMs > firstMinMs ? firstMinMs + random.nextLong(firstMaxMs - firstMinMs + 1) : firstMinMs;
        }

        /** The wait after one more failed attempt. */
        public long nextWaitMs(long previousWaitMs) {
            return Math.min(maxMs, previousWaitMs * 2);
        }

        /** Whether a device that has waited {@code waitedMs} so far gives up rather than wait {@code nextWaitMs}. */
        public boolean givesUp(long waitedMs, long nextWaitMs) {
            return giveUpAfterMs > 0 && waitedMs + nextWaitMs > giveUpAfterMs;
        }
    }
}
