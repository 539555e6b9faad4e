package io.fleetstorm.hub.impl;

import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The resource transfer URLs the hub hands out: {@code PUT /resource/upload/<token>} streams the device's file to
 * the store, checking its size and MD5 ({@code Content-MD5}, then the bytes themselves); {@code GET
 * /resource/download/<token>} serves a product file with the rules of addendum section 16 (Range, 206, 416, 403 for
 * an unknown or expired token). Every answer carries {@code Content-Length} in the case the C SDK looks for.
 */
final class ResourceHttp {

    private final Vertx vertx;
    private final ResourceService service;
    private final FeatureCounters counters;
    private final LongSupplier millisClock;

    ResourceHttp(Vertx vertx, ResourceService service, FeatureCounters counters, LongSupplier millisClock) {
        this.vertx = vertx;
        this.service = service;
        this.counters = counters;
        this.millisClock = millisClock;
    }

    void register(ApiServer api) {
        api.route(ResourceService.UPLOAD_PATH, this::upload).route(ResourceService.DOWNLOAD_PATH, this::download);
    }

    private void upload(HttpServerRequest request) {
        if (request.method() != HttpMethod.PUT) {
            refuse(request, 405, "PUT only");
            return;
        }
        String token = request.path().substring(ResourceService.UPLOAD_PATH.length());
        Optional<ResourceStore.Transfer> found = service.store.transfer(token, millisClock.getAsLong())
                .filter(ResourceStore.Transfer::upload);
        if (found.isEmpty()) {
            count("upload_refused");
            refuse(request, 403, "sign invalid");
            return;
        }
        ResourceStore.Transfer t = found.get();
        String length = request.getHeader("Content-Length");
        if (length == null || !length.trim().equals(Long.toString(t.size()))) {
            count("upload_refused");
            refuse(request, 400, "Content-Length must be the task's size, " + t.size());
            return;
        }
        String contentMd5 = request.getHeader("Content-MD5");
        if (contentMd5 != null && !contentMd5.trim().equals(base64Md5(t.md5()))) {
            count("upload_md5_mismatch");
            service.uploaded(t.owner(), t.name(), ResourceService.Received.MD5_MISMATCH);
            refuse(request, 400, "md5sum not matched");
            return;
        }
        if (!service.store.reserve(t.size())) {
            count("upload_refused");
            refuse(request, 507, "the file store is full");
            return;
        }
        request.pause();
        Path path = service.store.newFile();
        vertx.fileSystem().open(path.toString(), new OpenOptions().setWrite(true).setCreate(true)
                .setTruncateExisting(true)).onComplete(opened -> {
                    if (opened.failed()) {
                        service.store.release(t.size());
                        refuse(request, 500, "cannot store the file");
                        return;
                    }
                    receive(request, t, path, opened.result());
                });
    }

    /** Streams the body to the file, hashing as it goes; never more than the task's size. */
    private void receive(HttpServerRequest request, ResourceStore.Transfer t, Path path, AsyncFile file) {
        MessageDigest md5 = md5();
        long[] received = {0};
        boolean[] failed = {false};
        request.handler(chunk -> {
            if (failed[0]) {
                return;
            }
            received[0] += chunk.length();
            if (received[0] > t.size()) {
                failed[0] = true;
                finish(request, t, path, file, false, 400, "the body is larger than the task's size");
                return;
            }
            md5.update(chunk.getBytes());
            file.write(chunk);
            if (file.writeQueueFull()) {
                request.pause();
                file.drainHandler(v -> request.resume());
            }
        });
        request.exceptionHandler(e -> {
            if (!failed[0]) {
                failed[0] = true;
                finish(request, t, path, file, false, 400, "the upload broke off");
            }
        });
        request.endHandler(v -> {
            if (failed[0]) {
                return;
            }
            String actual = HexFormat.of().formatHex(md5.digest());
            if (received[0] != t.size()) {
                finish(request, t, path, file, false, 400, "the body has " + received[0] + " bytes, not "
                        + t.size());
            } else if (!actual.equals(t.md5())) {
                service.uploaded(t.owner(), t.name(), ResourceService.Received.MD5_MISMATCH);
                count("upload_md5_mismatch");
                finish(request, t, path, file, false, 400, "md5sum not matched");
            } else {
                finish(request, t, path, file, true, 200, null);
            }
        });
        request.resume();
    }

    private void finish(HttpServerRequest request, ResourceStore.Transfer t, Path path, AsyncFile file,
            boolean ok, int status, String message) {
        file.close().onComplete(closed -> {
            if (ok && closed.succeeded()) {
                service.store.put(t.owner(), t.name(), new ResourceStore.StoredFile(path, t.size(), t.md5(),
                        millisClock.getAsLong() / 1000));
                service.store.close(t);
                service.uploaded(t.owner(), t.name(), ResourceService.Received.FILE);
                counters.resourceBytesUploaded.add(t.size());
                count("upload");
                HttpAnswer.send(request, 200, null, new byte[0], false, "ETag", '"' + t.md5() + '"');
                return;
            }
            service.store.release(t.size());
            vertx.fileSystem().delete(path.toString());
            refuse(request, closed.succeeded() ? status : 500, message == null ? "cannot store the file" : message);
        });
    }

    private void download(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            refuse(request, 405, "GET or HEAD only");
            return;
        }
        String token = request.path().substring(ResourceService.DOWNLOAD_PATH.length());
        Optional<ResourceStore.Transfer> t = service.store.transfer(token, millisClock.getAsLong())
                .filter(x -> !x.upload());
        if (t.isEmpty()) {
            count("download_refused");
            refuse(request, 403, "sign invalid");
            return;
        }
        Optional<ResourceStore.StoredFile> file = service.store.file(t.get().owner(), t.get().name());
        if (file.isEmpty()) {
            refuse(request, 404, "file_not_exist");
            return;
        }
        long size = file.get().size();
        ByteRange range;
        try {
            range = ByteRange.parse(request.getHeader("Range"), size);
        } catch (ByteRange.Unsatisfiable e) {
            count("download_416");
            response.setStatusCode(416).putHeader("Content-Length", "0")
                    .putHeader("Content-Range", "bytes */" + size).end();
            return;
        }
        long offset = range == null ? 0 : range.start();
        long length = range == null ? size : range.length();
        response.setStatusCode(range == null ? 200 : 206).putHeader("Content-Length", Long.toString(length));
        if (range != null) {
            response.putHeader("Content-Range", "bytes " + range.start() + "-" + range.end() + "/" + size);
        }
        response.putHeader("Accept-Ranges", "bytes").putHeader("Content-Type", "application/octet-stream")
                .putHeader("ETag", '"' + file.get().md5() + '"');
        if (request.method() == HttpMethod.HEAD || length == 0) {
            response.end();
            return;
        }
        count("download");
        counters.resourceBytesDownloaded.add(length);
        response.sendFile(file.get().path().toString(), offset, length);
    }

    private void refuse(HttpServerRequest request, int status, String message) {
        HttpAnswer.text(request, status, message + "\n", status >= 400);
    }

    private void count(String outcome) {
        FeatureCounters.increment(counters.resourceTransfers, outcome);
    }

    private static String base64Md5(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
