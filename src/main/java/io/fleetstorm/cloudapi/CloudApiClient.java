package io.fleetstorm.cloudapi;

import io.fleetstorm.protocol.Tc3Signer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * fleetstorm's own Cloud API 3.0 client for iotcloud: every action is a {@code POST /} with the {@code X-TC-*}
 * headers and a TC3-HMAC-SHA256 {@code Authorization} (addendum section 17), the JSON body of the action's
 * parameters, and the cloud's answer {@code {"Response":{...}}} parsed into {@link ApiResponse} or {@link ApiFailure}.
 * Calls keep to the per-action rate limits of {@link CloudApiOptions#limiter()} and are retried with back-off on
 * {@code RequestLimitExceeded}. Each attempt is signed anew (fresh timestamp).
 */
public final class CloudApiClient {

    private final Vertx vertx;
    /** Where calls made outside any Vert.x context run (a plain thread's, as provisioning's). */
    private final Context context;
    private final HttpClient http;
    private final CloudApiOptions options;
    private final String host;
    private final int port;
    private final String hostHeader;
    private final LongSupplier epochMillis;
    private final LongSupplier nanos;

    /** @param endpoint {@code http(s)://host[:port]}, e.g. {@code https://iotcloud.tencentcloudapi.com} */
    public CloudApiClient(Vertx vertx, URI endpoint, CloudApiOptions options) {
        this(vertx, endpoint, options, System::currentTimeMillis, System::nanoTime);
    }

    CloudApiClient(Vertx vertx, URI endpoint, CloudApiOptions options, LongSupplier epochMillis, LongSupplier nanos) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the API endpoint must be http(s)://host[:port], but was " + endpoint);
        }
        boolean tls = scheme.equals("https");
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.options = options;
        this.host = endpoint.getHost();
        this.port = endpoint.getPort() >= 0 ? endpoint.getPort() : tls ? 443 : 80;
        // the Host header as sent, port included unless it is the scheme's default (what the SDKs sign)
        this.hostHeader = host.toLowerCase(Locale.ROOT) + (endpoint.getPort() < 0 || port == (tls ? 443 : 80) ? ""
                : ":" + port);
        this.epochMillis = epochMillis;
        this.nanos = nanos;
        this.http = vertx.createHttpClient(new HttpClientOptions().setSsl(tls).setKeepAlive(true)
                .setDefaultHost(host).setDefaultPort(port).setConnectTimeout((int) Math.min(Integer.MAX_VALUE,
                        options.requestTimeoutMs())), new PoolOptions().setHttp1MaxSize(16));
    }

    public CloudApiOptions options() {
        return options;
    }

    /** Calls an action; fails with {@link ApiFailure}. */
    public Future<ApiResponse> call(String action, JsonObject params) {
        byte[] body = params.encode().getBytes(StandardCharsets.UTF_8);
        Promise<ApiResponse> result = Promise.promise();
        long start = nanos.getAsLong();
        if (Vertx.currentContext() == null) {
            // a response read from another thread may have ended before its handlers are set: run on a context
            context.runOnContext(v -> attempt(action, body, 1, start, result));
        } else {
            attempt(action, body, 1, start, result);
        }
        return result.future();
    }

    private void attempt(String action, byte[] body, int attempt, long startNanos, Promise<ApiResponse> result) {
        long wait = options.limiter().reserve(action, nanos.getAsLong());
        if (wait > 0) {
            vertx.setTimer(Math.max(1, wait / 1_000_000), t -> send(action, body, attempt, startNanos, result));
        } else {
            send(action, body, attempt, startNanos, result);
        }
    }

    private void send(String action, byte[] body, int attempt, long startNanos, Promise<ApiResponse> result) {
        long timestamp = epochMillis.getAsLong() / 1000;
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                .setURI("/").setIdleTimeout(options.requestTimeoutMs())
                .putHeader("Content-Type", Tc3Signer.JSON_CONTENT_TYPE)
                .putHeader("X-TC-Action", action)
                .putHeader("X-TC-Version", CloudApiOptions.VERSION)
                .putHeader("X-TC-Timestamp", Long.toString(timestamp))
                .putHeader("X-TC-Region", options.region())
                .putHeader("X-TC-RequestClient", "fleetstorm");
        ApiCredentials credentials = options.credentials();
        if (credentials != null) {
            request.putHeader("Authorization", Tc3Signer.authorization(credentials.secretId(),
                    credentials.secretKey(), CloudApiOptions.SERVICE, timestamp,
                    Tc3Signer.Request.post(hostHeader, body)));
            if (credentials.token() != null) {
                request.putHeader("X-TC-Token", credentials.token());
            }
        }
        long sentNanos = nanos.getAsLong();
        http.request(request)
                .compose(req -> {
                    req.authority(HostAndPort.create(host, port));
                    return req.send(Buffer.buffer(body));
                })
                .compose(this::readBounded)
                .onComplete(ar -> {
                    long now = nanos.getAsLong();
                    if (ar.failed()) {
                        result.fail(ar.cause() instanceof ApiFailure f ? withAction(f, action, attempt)
                                : new ApiFailure(action, ApiFailure.NETWORK, describe(ar.cause()), null, attempt));
                        return;
                    }
                    ApiFailure failure;
                    try {
                        JsonObject response = parse(action, ar.result(), attempt);
                        result.complete(new ApiResponse(action, response, response.getString("RequestId"), attempt,
                                now - sentNanos, now - startNanos));
                        return;
                    } catch (ApiFailure f) {
                        failure = f;
                    }
                    if (failure.code().startsWith(ApiFailure.REQUEST_LIMIT_EXCEEDED)
                            && attempt <= options.maxRetries()) {
                        vertx.setTimer(backoffMs(attempt), t -> attempt(action, body, attempt + 1, startNanos, result));
                    } else {
                        result.fail(failure);
                    }
                });
    }

    /** Doubling from retryBaseMs, with up to 50 % jitter so that many clients do not retry in step. */
    private long backoffMs(int attempt) {
        long base = Math.min(options.retryMaxMs(), options.retryBaseMs() << Math.min(20, attempt - 1));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private record Answer(int status, Buffer body) {
    }

    /** Reads the body up to maxResponseBytes; more fails the call and closes the connection. */
    private Future<Answer> readBounded(HttpClientResponse response) {
        Promise<Answer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        int max = options.maxResponseBytes();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > max) {
                if (promise.tryFail(new ApiFailure("", ApiFailure.BAD_RESPONSE, "the answer is larger than " + max
                        + " bytes", null, 0))) {
                    response.request().connection().close();
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        response.exceptionHandler(promise::tryFail);
        response.endHandler(v -> promise.tryComplete(new Answer(response.statusCode(), body)));
        return promise.future();
    }

    private static JsonObject parse(String action, Answer answer, int attempt) {
        JsonObject response = null;
        try {
            Object root = io.vertx.core.json.Json.decodeValue(answer.body());
            if (root instanceof JsonObject o && o.getValue("Response") instanceof JsonObject r) {
                response = r;
            }
        } catch (RuntimeException e) {
            // not JSON: reported below by status or as a bad answer
        }
        if (response != null && response.getValue("Error") instanceof JsonObject error) {
            String code = error.getValue("Code") instanceof String s ? s : ApiFailure.BAD_RESPONSE;
            String message = error.getValue("Message") instanceof String s ? s : "";
            throw new ApiFailure(action, code, message, response.getValue("RequestId") instanceof String id ? id
                    : null, attempt);
        }
        if (answer.status() != 200) {
            throw new ApiFailure(action, ApiFailure.HTTP_STATUS, "HTTP " + answer.status(), null, attempt);
        }
        if (response == null) {
            throw new ApiFailure(action, ApiFailure.BAD_RESPONSE, "the answer is not {\"Response\":{...}}", null,
                    attempt);
        }
        return response;
    }

    private static ApiFailure withAction(ApiFailure f, String action, int attempt) {
        return f.action().equals(action) ? f : new ApiFailure(action, f.code(), messageOf(f), f.requestId(), attempt);
    }

    private static String messageOf(ApiFailure f) {
        String m = f.getMessage();
        String prefix = f.action() + ": " + f.code() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    public Future<Void> close() {
        return http.close();
    }
}
