package io.fleetstorm.cloudapi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client-side rate limits, one {@link TokenBucket} per action as the cloud limits each action separately. Thread-safe:
 * the clients of every event loop of a run share one, so the run as a whole keeps to the budget.
 */
public final class ApiRateLimiter {

    private final double requestsPerSecond;
    private final Map<String, Double> perAction;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param requestsPerSecond the limit of every action not in {@code perAction}
     * @param perAction         limits of single actions
     */
    public ApiRateLimiter(double requestsPerSecond, Map<String, Double> perAction) {
        requireRate("requestsPerSecond", requestsPerSecond);
        perAction.forEach((action, rate) -> requireRate("the rate of " + action, rate));
        this.requestsPerSecond = requestsPerSecond;
        this.perAction = Map.copyOf(perAction);
    }

    private static void requireRate(String name, double rate) {
        if (!(rate > 0 && rate <= 1_000_000)) {
            throw new IllegalArgumentException(name + " must be > 0 and <= 1000000 requests/s, but was " + rate);
        }
    }

    public double requestsPerSecond() {
        return requestsPerSecond;
    }

    public Map<String, Double> perAction() {
        return perAction;
    }

    public double rateOf(String action) {
        return perAction.getOrDefault(action, requestsPerSecond);
    }

    /** Nanoseconds to wait before this call of the action may be sent (0: now); the slot is taken either way. */
    long reserve(String action, long nowNanos) {
        return buckets.computeIfAbsent(action, a -> new TokenBucket(rateOf(a), nowNanos)).reserve(nowNanos);
    }

    @Override
    public String toString() {
        return "rate " + requestsPerSecond + "/s per action" + (perAction.isEmpty() ? "" : ", " + perAction);
    }
}
