package io.fleetstorm.engine;

import io.fleetstorm.cloudapi.ApiResponse;
import io.fleetstorm.cloudapi.CloudApiClient;
import io.fleetstorm.cloudapi.CloudApiOptions;
import io.fleetstorm.cloudapi.OtaTaskFlow;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * The application side's client of the target's Cloud API (the embedded hub's, a standalone hub's or the cloud's):
 * calls signed with TC3-HMAC-SHA256 through {@link CloudApiClient}, and the cloud's OTA flow through
 * {@link OtaTaskFlow}. One per event loop, so answers come back on the loop that owns the device the call was about;
 * the rate limits of {@link CloudApiOptions#limiter()} are shared by all of them.
 */
final class HubApiClient implements ApplicationApi {

    private final CloudApiClient client;
    private final OtaTaskFlow ota;

    /**
     * @param endpoint the API's {@code http(s)://host[:port]}
     * @param options  credentials (null in them: unsigned calls, for a hub started with --api-insecure), region,
     *                 rate limits
     */
    HubApiClient(Vertx vertx, URI endpoint, CloudApiOptions options) {
        this.client = new CloudApiClient(vertx, endpoint, options == null ? new CloudApiOptions() : options);
        this.ota = new OtaTaskFlow(vertx, client);
    }

    @Override
    public Future<ApiResponse> call(String action, JsonObject params) {
        return client.call(action, params);
    }

    @Override
    public Future<OtaTaskFlow.Result> createOtaTask(OtaTaskFlow.Request request, OtaTaskFlow.Calls calls) {
        return ota.create(request, calls);
    }

    @Override
    public Future<Void> close() {
        return Future.all(ota.close(), client.close()).mapEmpty();
    }
}
