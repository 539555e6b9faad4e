package io.fleetstorm.cloudapi;

import io.fleetstorm.protocol.ApiActions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An OTA task the way the cloud creates one (addendum section 18): GetCOSURL → PUT the image to the returned URL →
 * UploadFirmware (name, MD5, size) → BatchUpdateFirmware (the named devices, or every device of the product). The
 * image is held by the caller; the PUT streams it from that buffer with its Content-MD5. A firmware version that
 * exists already (an earlier run, another agent of this one) is used as it is: the flow goes on to the task.
 */
public final class OtaTaskFlow {

    /** Told of every API answer of the flow (the application side records each as API latency). */
    @FunctionalInterface
    public interface Calls {
        Calls NONE = response -> { };

        void answered(ApiResponse response);
    }

    /**
     * What to create.
     *
     * @param deviceNames the targets; empty: every device of the product
     */
    public record Request(String productId, String firmwareVersion, String firmwareName, Buffer image,
            List<String> deviceNames) {

        public Request {
            deviceNames = List.copyOf(deviceNames);
        }
    }

    /**
     * The created task.
     *
     * @param md5     the MD5 of the image sent (lower-case hex, as devices receive it)
     * @param reused  the firmware version existed already: nothing was uploaded, the task uses the stored image
     */
    public record Result(long taskId, String md5, boolean reused) {
    }

    private final CloudApiClient api;
    private final HttpClient uploads;
    private final io.vertx.core.Context context;

    public OtaTaskFlow(Vertx vertx, CloudApiClient api) {
        this.api = api;
        this.context = vertx.getOrCreateContext();
        this.uploads = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    }

    public Future<Result> create(Request r) {
        return create(r, Calls.NONE);
    }

    public Future<Result> create(Request r, Calls calls) {
        if (Vertx.currentContext() == null) { // answers must be read on the context that sent the request
            io.vertx.core.Promise<Result> result = io.vertx.core.Promise.promise();
            context.runOnContext(v -> flow(r, calls).onComplete(result));
            return result.future();
        }
        return flow(r, calls);
    }

    private Future<Result> flow(Request r, Calls calls) {
        String md5 = md5Hex(r.image());
        JsonObject ids = new JsonObject().put("ProductId", r.productId()).put("FirmwareVersion", r.firmwareVersion());
        Future<Boolean> stored = call(calls, ApiActions.GET_COS_URL, ids.copy().put("FileSize", r.image().length()))
                .compose(cos -> put(cos.response().getString("Url"), r.image(), md5))
                .compose(v -> call(calls, ApiActions.UPLOAD_FIRMWARE, ids.copy().put("Md5sum", md5)
                        .put("FileSize", r.image().length()).put("FirmwareName", r.firmwareName())))
                .map(v -> false)
                .recover(e -> e instanceof ApiFailure f && f.code().equals(ApiActions.FIRMWARE_EXISTS)
                        ? Future.succeededFuture(true) : Future.failedFuture(e));
        return stored.compose(reused -> {
            JsonObject task = ids.copy().put("UpgradeMethod", 0);
            if (!r.deviceNames().isEmpty()) {
                task.put("DeviceNames", new JsonArray(List.copyOf(r.deviceNames())));
            }
            return call(calls, ApiActions.BATCH_UPDATE_FIRMWARE, task)
                    .map(answer -> new Result(answer.response().getLong("TaskId"), md5, reused));
        });
    }

    private Future<ApiResponse> call(Calls calls, String action, JsonObject params) {
        return api.call(action, params).onSuccess(calls::answered);
    }

    private Future<Void> put(String url, Buffer image, String md5) {
        if (url == null) {
            return Future.failedFuture(new ApiFailure(ApiActions.GET_COS_URL, ApiFailure.BAD_RESPONSE,
                    "no Url in the answer", null, 1));
        }
        return uploads.request(new RequestOptions().setMethod(HttpMethod.PUT).setAbsoluteURI(url)
                        .putHeader("Content-Type", "application/octet-stream")
                        .putHeader("Content-MD5", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5))))
                .compose(req -> req.send(image))
                .compose(resp -> resp.body().compose(body -> resp.statusCode() / 100 == 2 ? Future.succeededFuture()
                        : Future.failedFuture(new ApiFailure(ApiActions.GET_COS_URL, ApiFailure.HTTP_STATUS,
                                "the upload URL answered HTTP " + resp.statusCode() + ": "
                                        + shorten(body.toString()), null, 1))))
                .recover(e -> Future.failedFuture(e instanceof ApiFailure ? e : new ApiFailure(
                        ApiActions.GET_COS_URL, ApiFailure.NETWORK, "the upload failed: "
                                + e.getClass().getSimpleName(), null, 1)))
                .mapEmpty();
    }

    /**
     * A deterministic image of {@code size} bytes ({@link SplittableRandom} of {@code seed}): the same version of the
     * same product is the same file in every run and on every agent, so its MD5 is too.
     */
    public static Buffer generatedImage(long seed, int size) {
        byte[] bytes = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i += 8) {
            long v = random.nextLong();
            for (int b = 0; b < 8 && i + b < size; b++) {
                bytes[i + b] = (byte) (v >>> (8 * b));
            }
        }
        return Buffer.buffer(bytes);
    }

    static String md5Hex(Buffer image) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image.getBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    private static String shorten(String s) {
        String line = s.strip().replace('\n', ' ');
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }

    public Future<Void> close() {
        return uploads.close();
    }
}
