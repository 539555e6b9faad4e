package io.fleetstorm.hub.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application HTTP API: {@code POST /api/<Action>} (or {@code POST /} with the cloud's {@code X-TC-Action}
 * header) with a JSON body, answered {@code {"Response":{...,"RequestId":"..."}}} with HTTP 200, errors included, as
 * the cloud answers; plus the firmware download under {@code /ota/firmware/}.
 */
final class ApiServer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String UNKNOWN_ACTION = "(unknown)";
    private static final String API_PREFIX = "/api/";

    private final Map<String, ApiAction> actions = new HashMap<>();
    private final ServiceCounters counters;
    private final FirmwareDownload download;
    private HttpServer server;
    private FaultInjector faults = FaultInjector.NONE;

    ApiServer(ServiceCounters counters, FirmwareDownload download) {
        this.counters = counters;
        this.download = download;
    }

    ApiServer action(String name, ApiAction action) {
        actions.put(name, action);
        return this;
    }

    Future<Integer> listen(Vertx vertx, String host, int port) {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(ApiFaults.wrap(vertx, faults, counters, actions::containsKey, this::handle));
        return server.listen().map(HttpServer::actualPort);
    }

    /** Injected faults of API calls ({@link ApiFaults}); set before {@link #listen}. */
    ApiServer faults(FaultInjector value) {
        this.faults = value;
        return this;
    }

    Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith(FirmwareDownload.PATH_PREFIX)) {
            download.handle(request);
            return;
        }
        String action = path.startsWith(API_PREFIX) ? path.substring(API_PREFIX.length())
                : "/".equals(path) ? request.getHeader("X-TC-Action") : null;
        if (action == null) {
            ServiceCounters.increment(counters.apiRequests, UNKNOWN_ACTION);
            request.response().setStatusCode(404);
            answer(request, UNKNOWN_ACTION, Future.failedFuture(new ApiException(ApiException.INVALID_ACTION,
                    "No API at `" + path + "`: POST /api/<Action>.")));
            return;
        }
        ApiAction handler = actions.get(action);
        ServiceCounters.increment(counters.apiRequests, handler == null ? UNKNOWN_ACTION : action);
        if (request.method() != HttpMethod.POST) {
            answer(request, action, Future.failedFuture(new ApiException(ApiException.UNSUPPORTED_OPERATION,
                    "The API takes POST requests with a JSON body, not " + request.method() + ".")));
            return;
        }
        request.body().onComplete(body -> {
            if (body.failed()) {
                return; // the connection is gone; nobody to answer
            }
            answer(request, action, call(action, handler, body.result()));
        });
    }

    private Future<JsonObject> call(String action, ApiAction handler, Buffer body) {
        if (handler == null) {
            return Future.failedFuture(new ApiException(ApiException.INVALID_ACTION,
                    "The action `" + action + "` is not supported."));
        }
        JsonObject params;
        try {
            params = body.length() == 0 ? new JsonObject() : new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return Future.failedFuture(new ApiException(ApiException.INVALID_PARAMETER,
                    "The request body is not a JSON object."));
        }
        try {
            return handler.call(new ApiParams(params));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private void answer(HttpServerRequest request, String action, Future<JsonObject> result) {
        result.onComplete(ar -> {
            JsonObject response;
            if (ar.succeeded()) {
                response = ar.result().copy();
            } else {
                ApiException error = ar.cause() instanceof ApiException e ? e : internal(action, ar.cause());
                ServiceCounters.increment(counters.apiErrors, error.code);
                response = new JsonObject().put("Error",
                        new JsonObject().put("Code", error.code).put("Message", error.getMessage()));
            }
            response.put("RequestId", UUID.randomUUID().toString());
            request.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("Response", response).encode());
        });
    }

    private static ApiException internal(String action, Throwable cause) {
        LOG.warn("API action {} failed", action, cause);
        return new ApiException(ApiException.INTERNAL_ERROR, "Internal error: " + cause);
    }
}
