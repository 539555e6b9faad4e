package io.fleetstorm.cloudapi;

import io.vertx.core.json.JsonObject;

/**
 * A successful Cloud API answer.
 *
 * @param response        the {@code Response} object (RequestId included)
 * @param requestId       the cloud's RequestId
 * @param attempts        requests sent (more than 1 after {@code RequestLimitExceeded} retries)
 * @param serviceNanos    from sending the last attempt to its answer: the API's own latency
 * @param totalNanos      from the call to its answer, rate-limit waits and retries included
 */
public record ApiResponse(String action, JsonObject response, String requestId, int attempts, long serviceNanos,
        long totalNanos) {
}
