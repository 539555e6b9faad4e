package io.fleetstorm.cloudapi;

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

/**
 * An OTA task the way the cloud creates one (addendum section 18): GetCOSURL → PUT the image to the returned URL →
 * UploadFirmware (name, MD5, size) → BatchUpdateFirmware (the named devices, or every device of the product). The
 * image is held by the caller; the PUT streams it from that buffer with its Content-MD5.
 */
public final class OtaTaskFlow {

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

    /** The created task and the MD5 of its image (lower-case hex, as devices receive it). */
    public record Result(long taskId, String md5) {
    }

    private final CloudApiClient api;
    private final HttpClient uploads;

    public OtaTaskFlow(Vertx vertx, CloudApiClient api) {
        this.api = api;
        this.uploads = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    }

    public Future<Result> create(Request r) {
        String md5 = md5Hex(r.image());
        JsonObject ids = new JsonObject().put("ProductId", r.productId()).put("FirmwareVersion", r.firmwareVersion());
        return api.call("GetCOSURL", ids.copy().put("FileSize", r.image().length()))
                .compose(cos -> put(cos.response().getString("Url"), r.image(), md5))
                .compose(v -> api.call("UploadFirmware", ids.copy().put("Md5sum", md5)
                        .put("FileSize", r.image().length()).put("FirmwareName", r.firmwareName())))
                .compose(v -> {
                    JsonObject task = ids.copy().put("UpgradeMethod", 0);
                    if (!r.deviceNames().isEmpty()) {
                        task.put("DeviceNames", new JsonArray(List.copyOf(r.deviceNames())));
                    }
                    return api.call("BatchUpdateFirmware", task);
                })
                .map(task -> new Result(task.response().getLong("TaskId"), md5));
    }

    private Future<Void> put(String url, Buffer image, String md5) {
        if (url == null) {
            return Future.failedFuture(new ApiFailure("GetCOSURL", ApiFailure.BAD_RESPONSE, "no Url in the answer",
                    null, 1));
        }
        return uploads.request(new RequestOptions().setMethod(HttpMethod.PUT).setAbsoluteURI(url)
                        .putHeader("Content-Type", "application/octet-stream")
                        .putHeader("Content-MD5", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5))))
                .compose(req -> req.send(image))
                .compose(resp -> resp.body().compose(body -> resp.statusCode() / 100 == 2 ? Future.succeededFuture()
                        : Future.failedFuture(new ApiFailure("GetCOSURL", ApiFailure.HTTP_STATUS, "the upload URL "
                                + "answered HTTP " + resp.statusCode() + ": " + shorten(body.toString()), null, 1))))
                .mapEmpty();
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
