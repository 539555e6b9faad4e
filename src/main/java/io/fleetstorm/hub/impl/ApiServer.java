package io.fleetstorm.hub.impl;

import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application HTTP API as the cloud serves it: {@code POST /} with {@code X-TC-Action}, signed with
 * TC3-HMAC-SHA256 ({@link ApiAuthenticator}), answered {@code {"Response":{...,"RequestId":"..."}}} with HTTP 200,
 * errors included. With the insecure switch also the unsigned {@code POST /api/<Action>}. Other routes (firmware
 * download and upload, device registration) are plain HTTP handlers beside it, outside TC3. Request bodies are
 * bounded: a declared length over the limit is refused (413) before a byte is read.
 */
final class ApiServer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String UNKNOWN_ACTION = "(unknown)";
    static final String API_VERSION = "2021-04-08";
    static final String REQUEST_SIZE_LIMIT_EXCEEDED = "RequestSizeLimitExceeded";
    private static final String API_PREFIX = "/api/";
    /** A connection that sends nothing for this long is closed (slow or stuck clients hold no resources). */
    static final int IDLE_TIMEOUT_SECONDS = 60;

    private final Map<String, ApiAction> actions = new HashMap<>();
    private final Map<String, Handler<HttpServerRequest>> routes = new LinkedHashMap<>();
    private final ServiceCounters counters;
    private final ApiAuthenticator authenticator;
    private final boolean insecure;
    private final int maxBodyBytes;
    // fault injection (hub-faults) refuses calls here, after authentication and before the action runs
    private volatile ApiRefusal refusal = ApiRefusal.NONE;
    private HttpServer server;
    private FaultInjector faults = FaultInjector.NONE;

    ApiServer(ServiceCounters counters, ApiAuthenticator authenticator, boolean insecure, int maxBodyBytes) {
        this.counters = counters;
        this.authenticator = authenticator;
        this.insecure = insecure;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Registers an action; every action is behind the same authentication. */
    ApiServer action(String name, ApiAction action) {
        actions.put(name, action);
        return this;
    }

    /** A plain HTTP route for paths under the prefix, outside TC3 (it does its own checks). */
    ApiServer route(String pathPrefix, Handler<HttpServerRequest> handler) {
        routes.put(pathPrefix, handler);
        return this;
    }

    ApiServer refusal(ApiRefusal value) {
        this.refusal = value == null ? ApiRefusal.NONE : value;
        return this;
    }

    Future<Integer> listen(Vertx vertx, String host, int port) {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                        .setIdleTimeout(IDLE_TIMEOUT_SECONDS).setCompressionSupported(false))
                .invalidRequestHandler(ApiServer::invalid)
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
        for (Map.Entry<String, Handler<HttpServerRequest>> route : routes.entrySet()) {
            if (path.startsWith(route.getKey())) {
                route.getValue().handle(request);
                return;
            }
        }
        boolean cloudForm = "/".equals(path);
        boolean unsignedForm = path.startsWith(API_PREFIX);
        if (!cloudForm && !unsignedForm) {
            ServiceCounters.increment(counters.apiRequests, UNKNOWN_ACTION);
            answerNow(request, 404, new ApiException(ApiException.INVALID_ACTION, "No API at `" + shorten(path)
                    + "`: POST / with X-TC-Action" + (insecure ? ", or POST /api/<Action>" : "") + "."));
            return;
        }
        String action = cloudForm ? request.getHeader("X-TC-Action") : path.substring(API_PREFIX.length());
        ApiAction handler = action == null ? null : actions.get(action);
        ServiceCounters.increment(counters.apiRequests, handler == null ? UNKNOWN_ACTION : action);
        if (request.method() != HttpMethod.POST) {
            answerNow(request, 200, new ApiException(ApiException.UNSUPPORTED_OPERATION,
                    "The API takes POST requests with a JSON body, not " + request.method() + "."));
            return;
        }
        if (unsignedForm && !insecure) {
            answerNow(request, 200, new ApiException(ApiAuthenticator.INVALID_AUTHORIZATION, "Unsigned calls (POST "
                    + "/api/<Action>) are off: sign the call (TC3-HMAC-SHA256, POST / with X-TC-Action), or start "
                    + "the hub with --api-insecure."));
            return;
        }
        String declared = request.getHeader("Content-Length");
        if (declared != null && declaredTooLong(declared)) {
            tooLarge(request);
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue();
        }
        readBody(request, body -> answer(request, action, cloudForm ? callSigned(request, action, handler, body)
                : call(action, handler, body)));
    }

    private boolean declaredTooLong(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x has refused a malformed length already
        }
    }

    /** Reads the body up to the limit; past it, answers 413 and closes the connection. */
    private void readBody(HttpServerRequest request, Handler<Buffer> then) {
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                refused[0] = true;
                tooLarge(request);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> refused[0] = true); // the connection is gone; nobody to answer
        request.endHandler(v -> {
            if (!refused[0]) {
                then.handle(body);
            }
        });
    }

    private void tooLarge(HttpServerRequest request) {
        ServiceCounters.increment(counters.apiErrors, REQUEST_SIZE_LIMIT_EXCEEDED);
        HttpAnswers.closing(request.response());
        HttpAnswers.json(request.response(), 413, envelope(new ApiException(REQUEST_SIZE_LIMIT_EXCEEDED,
                "The request body is larger than " + maxBodyBytes + " bytes.")))
                .onComplete(v -> request.connection().close());
    }

    private Future<JsonObject> callSigned(HttpServerRequest request, String action, ApiAction handler, Buffer body) {
        try {
            if (!insecure || request.getHeader("Authorization") != null) {
                String host = request.getHeader("Host");
                if (host == null && request.authority() != null) {
                    host = request.authority().toString();
                }
                authenticator.verify("POST", "/", request.query(), request.headers(), host, body.getBytes());
            }
            String version = request.getHeader("X-TC-Version");
            if (version == null || version.isEmpty()) {
                throw ApiException.missing("X-TC-Version");
            }
            if (!version.equals(API_VERSION)) {
                throw new ApiException(ApiException.NO_SUCH_VERSION, "The version `" + shorten(version)
                        + "` does not exist; iotcloud is " + API_VERSION + ".");
            }
            if (action == null || action.isEmpty()) {
                throw ApiException.missing("X-TC-Action");
            }
        } catch (ApiException e) {
            return Future.failedFuture(e);
        }
        return call(action, handler, body);
    }

    private Future<JsonObject> call(String action, ApiAction handler, Buffer body) {
        if (handler == null) {
            return Future.failedFuture(new ApiException(ApiException.INVALID_ACTION,
                    "The action `" + shorten(action) + "` is not supported."));
        }
        ApiException refused = refusal.refuse(action);
        if (refused != null) {
            return Future.failedFuture(refused);
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

    private void answerNow(HttpServerRequest request, int status, ApiException error) {
        ServiceCounters.increment(counters.apiErrors, error.code);
        // the body is not needed: drain it (bounded) so a keep-alive connection stays usable
        readBody(request, body -> HttpAnswers.json(request.response(), status, envelope(error)));
    }

    private void answer(HttpServerRequest request, String action, Future<JsonObject> result) {
        result.onComplete(ar -> {
            if (request.response().closed()) {
                return;
            }
            if (ar.succeeded()) {
                JsonObject response = ar.result().copy();
                response.put("RequestId", UUID.randomUUID().toString());
                HttpAnswers.json(request.response(), 200, new JsonObject().put("Response", response).encode());
                return;
            }
            ApiException error = ar.cause() instanceof ApiException e ? e : internal(action, ar.cause());
            ServiceCounters.increment(counters.apiErrors, error.code);
            HttpAnswers.json(request.response(), 200, envelope(error));
        });
    }

    static String envelope(ApiException error) {
        return new JsonObject().put("Response", new JsonObject().put("Error",
                new JsonObject().put("Code", error.code).put("Message", error.getMessage()))
                .put("RequestId", UUID.randomUUID().toString())).encode();
    }

    /** Requests Vert.x could not decode (line or headers too long, bad syntax): answered with canonical headers. */
    private static void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = 400;
        if (cause instanceof TooLongFrameException) {
            status = cause.getClass().getSimpleName().contains("Header") ? 431 : 414;
        }
        HttpAnswers.closing(request.response());
        HttpAnswers.text(request.response(), status, "bad request\n").onComplete(v -> request.connection().close());
    }

    private static ApiException internal(String action, Throwable cause) {
        LOG.warn("API action {} failed", action, cause);
        return new ApiException(ApiException.INTERNAL_ERROR, "Internal error.");
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }
}
