package io.fleetstorm.hub.impl;

import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upload URL GetCOSURL hands out, served by the hub itself in place of the cloud's object store:
 * {@code PUT /ota/upload/<id>?token=...} with the image as the body. Streamed to a file of the {@link FirmwareStore}
 * (never held in the heap), its size checked against GetCOSURL's FileSize as it arrives and its MD5 computed on the
 * way; UploadFirmware then checks its Md5sum against the received file. Disk is reserved from the store's budget
 * before the first byte is written.
 */
final class FirmwareUpload {

    /** An upload URL handed out by GetCOSURL. */
    record Slot(String productId, String version, long size) {
    }

    /** A received image, waiting for UploadFirmware. */
    record Received(String productId, String version, Path file, long size, String md5) {
    }

    private final Vertx vertx;
    private final FirmwareStore store;
    private final FirmwareLinks links;
    private final ServiceCounters counters;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Received> received = new ConcurrentHashMap<>();

    FirmwareUpload(Vertx vertx, FirmwareStore store, FirmwareLinks links, ServiceCounters counters) {
        this.vertx = vertx;
        this.store = store;
        this.links = links;
        this.counters = counters;
    }

    /** A new upload URL for the image (GetCOSURL). */
    String open(String productId, String version, long size) {
        String id = UUID.randomUUID().toString().replace("-", "");
        slots.put(id, new Slot(productId, version, size));
        return links.uploadUrl(id);
    }

    Optional<Received> received(String productId, String version) {
        return Optional.ofNullable(received.get(productId + '/' + version));
    }

    /** Hands the received file over to a firmware record (its bytes stay reserved in the store). */
    void consumed(Received r) {
        received.remove(r.productId() + '/' + r.version(), r);
    }

    void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (request.method() != HttpMethod.PUT) {
            response.putHeader("Allow", "PUT");
            refuse(request, 405, "method not allowed: PUT the image\n");
            return;
        }
        String id = request.path().substring(FirmwareLinks.UPLOAD_PREFIX.length());
        Slot slot = slots.get(id);
        if (slot == null) {
            refuse(request, 404, "no such upload\n");
            return;
        }
        if (!links.uploadAllowed(id, request.getParam("token"))) {
            refuse(request, 403, "forbidden\n");
            return;
        }
        String declared = request.getHeader("Content-Length");
        if (declared != null && !declared.trim().equals(Long.toString(slot.size()))) {
            refuse(request, 400, "Content-Length " + shorten(declared) + " is not the FileSize " + slot.size()
                    + " given to GetCOSURL\n");
            return;
        }
        if (!store.reserve(slot.size())) {
            refuse(request, 507, store.overBudget(slot.size()).getMessage() + "\n");
            return;
        }
        request.pause();
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue(); // the body is wanted: only now may the client send it
        }
        Path file = store.newFile();
        vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
                .onSuccess(out -> stream(request, slot, id, file, out))
                .onFailure(e -> {
                    store.release(slot.size());
                    refuse(request, 500, "cannot store the image\n");
                });
    }

    private void stream(HttpServerRequest request, Slot slot, String id, Path file, AsyncFile out) {
        MessageDigest md5 = FirmwareStore.md5();
        long[] count = {0};
        boolean[] failed = {false};
        Runnable abandon = () -> {
            if (!failed[0]) {
                failed[0] = true;
                store.release(slot.size());
                out.close().onComplete(v -> FirmwareStore.deleteQuietly(file));
            }
        };
        request.handler(chunk -> {
            if (failed[0]) {
                return;
            }
            count[0] += chunk.length();
            if (count[0] > slot.size()) {
                abandon.run();
                refuse(request, 400, "the body is longer than the FileSize " + slot.size()
                        + " given to GetCOSURL\n");
                return;
            }
            md5.update(chunk.getBytes());
            out.write(chunk);
            if (out.writeQueueFull()) {
                request.pause();
                out.drainHandler(v -> request.resume());
            }
        });
        request.exceptionHandler(e -> abandon.run());
        request.endHandler(v -> {
            if (failed[0]) {
                return;
            }
            String md5Hex = HexFormat.of().formatHex(md5.digest());
            String contentMd5 = request.getHeader("Content-MD5");
            if (count[0] != slot.size()) {
                abandon.run();
                HttpAnswers.text(request.response(), 400, "received " + count[0] + " bytes, but FileSize is "
                        + slot.size() + "\n");
                return;
            }
            if (contentMd5 != null && !contentMd5.trim().equals(Base64.getEncoder().encodeToString(
                    HexFormat.of().parseHex(md5Hex)))) {
                abandon.run();
                HttpAnswers.text(request.response(), 400, "the body does not match its Content-MD5\n");
                return;
            }
            out.close().onComplete(closed -> {
                if (closed.failed()) {
                    abandon.run();
                    HttpAnswers.text(request.response(), 500, "cannot store the image\n");
                    return;
                }
                slots.remove(id);
                Received r = new Received(slot.productId(), slot.version(), file, slot.size(), md5Hex);
                Received old = received.put(slot.productId() + '/' + slot.version(), r);
                if (old != null) {
                    store.release(old.size());
                    FirmwareStore.deleteQuietly(old.file());
                }
                counters.firmwareUploads.increment();
                request.response().putHeader("ETag", '"' + md5Hex + '"');
                HttpAnswers.empty(request.response(), 200);
            });
        });
        request.resume();
    }

    /** Answers and closes: the rest of the body is not read. */
    private static void refuse(HttpServerRequest request, int status, String text) {
        if (request.response().ended()) {
            return;
        }
        HttpAnswers.closing(request.response());
        HttpAnswers.text(request.response(), status, text).onComplete(v -> request.connection().close());
    }

    private static String shorten(String s) {
        return s.length() > 24 ? s.substring(0, 21) + "..." : s;
    }

    /** Deletes received images nobody registered. */
    void close() {
        received.values().forEach(r -> FirmwareStore.deleteQuietly(r.file()));
        received.clear();
    }
}
