package io.fleetstorm.engine;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * The application side of a run: calls the hub's cloud-style API ({@code POST /api/<Action>}) as a backend would,
 * to change desired state, publish downlinks and create OTA tasks. One per event loop, so answers come back on the
 * loop that owns the device the call was about.
 */
final class HubApiClient {

    /** An API answer with an {@code Error}: the cloud's code and message. */
    static final class ApiError extends RuntimeException {
        final String code;

        ApiError(String code, String message) {
            super(code + ": " + message, null, false, false);
            this.code = code;
        }
    }

    private final HttpClient http;
    private final URI base;

    HubApiClient(Vertx vertx, URI base) {
        this.base = base;
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setDefaultHost(base.getHost()).setDefaultPort(base.getPort()), new PoolOptions().setHttp1MaxSize(16));
    }

    /** Calls an action; completes with the {@code Response} object, or fails with {@link ApiError}. */
    Future<JsonObject> call(String action, JsonObject params) {
        String path = (base.getPath() == null || base.getPath().isEmpty() || base.getPath().equals("/") ? "" :
                base.getPath().replaceAll("/$", "")) + "/api/" + action;
        return http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                        .putHeader("content-type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(params.encode())))
                .compose(resp -> resp.body())
                .map(body -> {
                    JsonObject response = new JsonObject(body).getJsonObject("Response");
                    JsonObject error = response.getJsonObject("Error");
                    if (error != null) {
                        throw new ApiError(error.getString("Code"), error.getString("Message"));
                    }
                    return response;
                });
    }

    Future<Void> close() {
        return http.close();
    }
}
