package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.HubFaults;
import io.fleetstorm.hub.HubOperation;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Faults of the application API, in front of the API server: a call is refused with the cloud's error shape
 * ({@code {"Response":{"Error":{"Code":"RequestLimitExceeded",...},"RequestId":...}}}, HTTP 200, as the cloud answers
 * every error), or held (queued behind a limit, delayed) before the server sees it. Firmware downloads are not API
 * calls and pass untouched. Refused calls are counted as API requests and errors, as the server counts its own.
 */
final class ApiFaults {

    private static final String API_PREFIX = "/api/";

    private ApiFaults() {
    }

    /** The server's request handler, behind the faults; the handler itself when no fault touches the API. */
    static Handler<HttpServerRequest> wrap(Vertx vertx, FaultInjector faults, ServiceCounters counters,
            Predicate<String> knownAction, Handler<HttpServerRequest> server) {
        if (!faults.touches(HubOperation.API)) {
            return server;
        }
        return request -> {
            String action = action(request);
            if (action == null) {
                server.handle(request);
                return;
            }
            if (faults.refuses(HubOperation.API)) {
                refuse(request, counters, knownAction.test(action) ? action : ApiServer.UNKNOWN_ACTION,
                        faults.apiErrorCode(), "The request was refused (fleetstorm hub: injected refusal).");
                return;
            }
            long wait = faults.admit(HubOperation.API, System.nanoTime());
            if (wait == 0) {
                server.handle(request);
            } else if (wait < 0) {
                refuse(request, counters, knownAction.test(action) ? action : ApiServer.UNKNOWN_ACTION,
                        HubFaults.DEFAULT_API_ERROR, "The request rate exceeds the limit (fleetstorm hub: the API's "
                                + "queue is full).");
            } else {
                // paused so that no byte of the body is lost before the server asks for it
                request.pause();
                vertx.timer(wait, TimeUnit.NANOSECONDS).onComplete(t -> {
                    server.handle(request);
                    request.resume();
                });
            }
        };
    }

    /** The action a request calls, or null when it is not an API call (a firmware download, another path). */
    private static String action(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith(API_PREFIX)) {
            return path.substring(API_PREFIX.length());
        }
        if ("/".equals(path)) {
            String header = request.getHeader("X-TC-Action");
            return header == null ? ApiServer.UNKNOWN_ACTION : header;
        }
        return null;
    }

    private static void refuse(HttpServerRequest request, ServiceCounters counters, String action, String code,
            String message) {
        ServiceCounters.increment(counters.apiRequests, action);
        ServiceCounters.increment(counters.apiErrors, code);
        JsonObject error = new JsonObject().put("Code", code).put("Message", message);
        JsonObject response = new JsonObject().put("Error", error).put("RequestId", UUID.randomUUID().toString());
        request.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("Response", response).encode());
    }
}
