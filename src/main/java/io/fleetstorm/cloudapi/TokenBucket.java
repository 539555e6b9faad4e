package io.fleetstorm.cloudapi;

/**
 * A token bucket in pure arithmetic: {@link #reserve(long)} says how long to wait before the next call may go. One
 * per action (the cloud limits each action separately); callers serialise access (one per client, one event loop).
 * The burst is one second's worth, as the cloud counts its limits per second.
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    TokenBucket(double ratePerSecond, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = Math.max(1, ratePerSecond);
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes one token and returns 0, or reserves the next one and returns how many nanoseconds to wait for it. */
    synchronized long reserve(long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * ratePerNano);
            lastNanos = nowNanos;
        }
        tokens -= 1;
        if (tokens >= 0) {
            return 0;
        }
        return (long) Math.ceil(-tokens / ratePerNano);
    }
}
