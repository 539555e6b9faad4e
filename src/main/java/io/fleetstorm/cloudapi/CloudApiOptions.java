package io.fleetstorm.cloudapi;

import java.util.Map;

/**
 * How {@link CloudApiClient} talks to the Cloud API: credentials, region, rate limits, retries, timeouts. Immutable;
 * {@code with*} methods check their value and name the rule when it is broken.
 *
 * @param credentials            null: calls go unsigned (only a hub started with its insecure switch takes them)
 * @param region                 {@code X-TC-Region}
 * @param limiter                the client-side rate limits per action; one instance is shared by every client
 *                               built with these options (one run's event loops keep to one budget)
 * @param maxRetries             retries of a call the cloud refused with {@code RequestLimitExceeded}
 * @param retryBaseMs            the first back-off; it doubles per retry, with jitter, up to {@code retryMaxMs}
 * @param retryMaxMs             the longest back-off
 * @param requestTimeoutMs       one attempt's limit, connect to last byte
 * @param maxResponseBytes       a larger answer fails the call (a hostile or broken endpoint cannot fill the heap)
 */
public record CloudApiOptions(ApiCredentials credentials, String region, ApiRateLimiter limiter, int maxRetries,
        long retryBaseMs, long retryMaxMs, long requestTimeoutMs,
        int maxResponseBytes) {

    /** The service and version every iotcloud call is signed for and sent with. */
    public static final String SERVICE = "iotcloud";
    public static final String VERSION = "2021-04-08";
    public static final String DEFAULT_REGION = "ap-guangzhou";
    /** The cloud's default frequency limit of an API action (20 requests/s per action and account). */
    public static final double DEFAULT_REQUESTS_PER_SECOND = 20;
    public static final int DEFAULT_MAX_RETRIES = 5;
    public static final long DEFAULT_RETRY_BASE_MS = 250;
    public static final long DEFAULT_RETRY_MAX_MS = 8_000;
    /** The official SDKs' default read timeout is 60 s; a load test wants a failure it can count sooner. */
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
    /** The environment variable the region is read from by the CLI (the vendor's CLI uses the same name). */
    public static final String ENV_REGION = "TENCENTCLOUD_REGION";
    /** The rate that means no client-side limit (a fleetstorm hub has none to respect). */
    public static final double UNLIMITED = 1_000_000;
    /** Hosts whose rate limits the client keeps to: the cloud's API endpoints. */
    public static final String CLOUD_HOST_SUFFIX = ".tencentcloudapi.com";

    public CloudApiOptions {
        if (region == null || !region.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("region must match [a-z0-9-]{1,32}, such as ap-guangzhou, but was '"
                    + region + "'");
        }
        java.util.Objects.requireNonNull(limiter, "limiter");
        if (maxRetries < 0 || maxRetries > 100) {
            throw new IllegalArgumentException("maxRetries must be 0..100, but was " + maxRetries);
        }
        if (retryBaseMs < 1 || retryMaxMs < retryBaseMs) {
            throw new IllegalArgumentException("retryBaseMs must be >= 1 and retryMaxMs >= retryBaseMs, but were "
                    + retryBaseMs + " and " + retryMaxMs);
        }
        if (requestTimeoutMs < 1) {
            throw new IllegalArgumentException("requestTimeoutMs must be >= 1, but was " + requestTimeoutMs);
        }
        if (maxResponseBytes < 1024) {
            throw new IllegalArgumentException("maxResponseBytes must be >= 1024, but was " + maxResponseBytes);
        }
    }

    /** The defaults, unsigned. */
    public CloudApiOptions() {
        this(null, DEFAULT_REGION, new ApiRateLimiter(DEFAULT_REQUESTS_PER_SECOND, Map.of()), DEFAULT_MAX_RETRIES,
                DEFAULT_RETRY_BASE_MS,
                DEFAULT_RETRY_MAX_MS, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES);
    }

    public CloudApiOptions withCredentials(ApiCredentials value) {
        return new CloudApiOptions(value, region, limiter, maxRetries, retryBaseMs, retryMaxMs,
                requestTimeoutMs, maxResponseBytes);
    }

    public CloudApiOptions withRegion(String value) {
        return new CloudApiOptions(credentials, value, limiter, maxRetries, retryBaseMs,
                retryMaxMs, requestTimeoutMs, maxResponseBytes);
    }

    public CloudApiOptions withRequestsPerSecond(double value) {
        return new CloudApiOptions(credentials, region, new ApiRateLimiter(value, limiter.perAction()), maxRetries,
                retryBaseMs, retryMaxMs, requestTimeoutMs, maxResponseBytes);
    }

    public CloudApiOptions withActionRate(String action, double value) {
        Map<String, Double> rates = new java.util.HashMap<>(limiter.perAction());
        rates.put(action, value);
        return new CloudApiOptions(credentials, region, new ApiRateLimiter(limiter.requestsPerSecond(), rates),
                maxRetries, retryBaseMs,
                retryMaxMs, requestTimeoutMs, maxResponseBytes);
    }

    public CloudApiOptions withRetries(int max, long baseMs, long maxMs) {
        return new CloudApiOptions(credentials, region, limiter, max, baseMs, maxMs,
                requestTimeoutMs, maxResponseBytes);
    }

    public CloudApiOptions withRequestTimeoutMs(long value) {
        return new CloudApiOptions(credentials, region, limiter, maxRetries, retryBaseMs,
                retryMaxMs, value, maxResponseBytes);
    }

    /** The cloud's limits for the cloud's endpoints, none for anything else (an embedded or standalone hub). */
    public static CloudApiOptions forEndpoint(java.net.URI endpoint) {
        CloudApiOptions defaults = new CloudApiOptions();
        String host = endpoint == null || endpoint.getHost() == null ? "" : endpoint.getHost();
        return host.toLowerCase(java.util.Locale.ROOT).endsWith(CLOUD_HOST_SUFFIX) ? defaults
                : defaults.withRequestsPerSecond(UNLIMITED);
    }

    /** The rate limit of an action, requests per second. */
    public double rateOf(String action) {
        return limiter.rateOf(action);
    }

    /** Never shows the secret key (the credentials' own toString masks it). */
    @Override
    public String toString() {
        return "CloudApiOptions[credentials=" + credentials + ", region=" + region + ", " + limiter
                + ", maxRetries=" + maxRetries + "]";
    }
}
