package io.fleetstorm.engine;

import io.fleetstorm.cloudapi.ApiFailure;
import io.fleetstorm.cloudapi.CloudApiClient;
import io.fleetstorm.cloudapi.CloudApiOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * The application side of a run: calls the target's Cloud API (the embedded hub's or the cloud's) as a backend
 * would, signed with TC3-HMAC-SHA256 through {@link CloudApiClient}, to change desired state, publish downlinks and
 * create OTA tasks. One per event loop, so answers come back on the loop that owns the device the call was about;
 * the rate limits of {@link CloudApiOptions#limiter()} are shared by all of them.
 */
final class HubApiClient {

    /** An API answer with an {@code Error}, or no answer: the cloud's code (or fleetstorm's), message, RequestId. */
    static final class ApiError extends RuntimeException {
        final String code;
        final String requestId;

        ApiError(ApiFailure failure) {
            this(failure.code(), failure.getMessage(), failure.requestId());
        }

        /** An error answer without a request behind it (tests of the application side). */
        ApiError(String code, String message) {
            this(code, message, null);
        }

        private ApiError(String code, String message, String requestId) {
            super(message, null, false, false);
            this.code = code;
            this.requestId = requestId;
        }
    }

    private final CloudApiClient client;

    /**
     * @param endpoint the API's {@code http(s)://host[:port]}
     * @param options  credentials (null in them: unsigned calls, for a hub started with --api-insecure), region,
     *                 rate limits
     */
    HubApiClient(Vertx vertx, URI endpoint, CloudApiOptions options) {
        this.client = new CloudApiClient(vertx, endpoint, options == null ? new CloudApiOptions() : options);
    }

    /** Calls an action; completes with the {@code Response} object, or fails with {@link ApiError}. */
    Future<JsonObject> call(String action, JsonObject params) {
        return client.call(action, params)
                .recover(e -> Future.failedFuture(e instanceof ApiFailure f ? new ApiError(f) : e))
                .map(response -> response.response());
    }

    Future<Void> close() {
        return client.close();
    }
}
