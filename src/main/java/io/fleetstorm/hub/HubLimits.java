package io.fleetstorm.hub;

import java.time.Duration;

/**
 * The connection rules the embedded hub enforces; the defaults are the cloud's documented values.
 *
 * <p>Tests shorten the time-based limits (a 5 s connect interval makes every reconnect test slow), load tests keep
 * the defaults so a run that passes here means something against the cloud.
 *
 * @param maxKeepAliveSeconds       a CONNECT asking for more is refused with CONNACK 0x02
 * @param connectIntervalMs         minimum time between two accepted CONNECTs of one device (else CONNACK 0x03)
 * @param uplinkMessagesPerSecond   PUBLISH packets a device may send per one-second window; the excess is dropped
 * @param maxPayloadBytes           a PUBLISH whose payload is larger closes the connection
 * @param offlineQueueMax           QoS 1 messages kept for an offline persistent session
 * @param offlineTtl                how long a queued message is kept
 * @param offlineResendIntervalMs   pause between redelivered queued messages after a reconnect
 * @param expiryGraceMs             how far in the past a signature's expiry may be (clock skew, and the Python SDK,
 *                                  which signs with the current time in milliseconds as its expiry)
 */
public record HubLimits(
        int maxKeepAliveSeconds,
        long connectIntervalMs,
        int uplinkMessagesPerSecond,
        int maxPayloadBytes,
        int offlineQueueMax,
        Duration offlineTtl,
        long offlineResendIntervalMs,
        long expiryGraceMs) {

    public static final int DEFAULT_MAX_KEEP_ALIVE_SECONDS = 900;
    public static final long DEFAULT_CONNECT_INTERVAL_MS = 5_000;
    public static final int DEFAULT_UPLINK_MESSAGES_PER_SECOND = 30;
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024;
    public static final int DEFAULT_OFFLINE_QUEUE_MAX = 150;
    public static final Duration DEFAULT_OFFLINE_TTL = Duration.ofHours(24);
    public static final long DEFAULT_OFFLINE_RESEND_INTERVAL_MS = 500;
    public static final long DEFAULT_EXPIRY_GRACE_MS = 30_000;

    /** The cloud's values. */
    public static final HubLimits CLOUD = new HubLimits(DEFAULT_MAX_KEEP_ALIVE_SECONDS, DEFAULT_CONNECT_INTERVAL_MS,
            DEFAULT_UPLINK_MESSAGES_PER_SECOND, DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_OFFLINE_QUEUE_MAX,
            DEFAULT_OFFLINE_TTL, DEFAULT_OFFLINE_RESEND_INTERVAL_MS, DEFAULT_EXPIRY_GRACE_MS);

    public HubLimits {
        require(maxKeepAliveSeconds >= 0 && maxKeepAliveSeconds <= 65_535, "maxKeepAliveSeconds must be 0..65535",
                maxKeepAliveSeconds);
        require(connectIntervalMs >= 0, "connectIntervalMs must be >= 0", connectIntervalMs);
        require(uplinkMessagesPerSecond > 0, "uplinkMessagesPerSecond must be > 0", uplinkMessagesPerSecond);
        require(maxPayloadBytes > 0 && maxPayloadBytes <= 256 * 1024 * 1024,
                "maxPayloadBytes must be 1..268435456", maxPayloadBytes);
        require(offlineQueueMax >= 0, "offlineQueueMax must be >= 0", offlineQueueMax);
        if (offlineTtl == null || offlineTtl.isNegative()) {
            throw new IllegalArgumentException("offlineTtl must be >= 0, but was " + offlineTtl);
        }
        require(offlineResendIntervalMs >= 0, "offlineResendIntervalMs must be >= 0", offlineResendIntervalMs);
        require(expiryGraceMs >= 0, "expiryGraceMs must be >= 0", expiryGraceMs);
    }

    private static void require(boolean ok, String rule, Object actual) {
        if (!ok) {
            throw new IllegalArgumentException(rule + ", but was " + actual);
        }
    }

    public HubLimits withConnectIntervalMs(long value) {
        return new HubLimits(maxKeepAliveSeconds, value, uplinkMessagesPerSecond, maxPayloadBytes, offlineQueueMax,
                offlineTtl, offlineResendIntervalMs, expiryGraceMs);
    }

    public HubLimits withUplinkMessagesPerSecond(int value) {
        return new HubLimits(maxKeepAliveSeconds, connectIntervalMs, value, maxPayloadBytes, offlineQueueMax,
                offlineTtl, offlineResendIntervalMs, expiryGraceMs);
    }

    public HubLimits withOfflineResendIntervalMs(long value) {
        return new HubLimits(maxKeepAliveSeconds, connectIntervalMs, uplinkMessagesPerSecond, maxPayloadBytes,
                offlineQueueMax, offlineTtl, value, expiryGraceMs);
    }

    public HubLimits withOfflineQueueMax(int value) {
        return new HubLimits(maxKeepAliveSeconds, connectIntervalMs, uplinkMessagesPerSecond, maxPayloadBytes, value,
                offlineTtl, offlineResendIntervalMs, expiryGraceMs);
    }

    public HubLimits withOfflineTtl(Duration value) {
        return new HubLimits(maxKeepAliveSeconds, connectIntervalMs, uplinkMessagesPerSecond, maxPayloadBytes,
                offlineQueueMax, value, offlineResendIntervalMs, expiryGraceMs);
    }
}
