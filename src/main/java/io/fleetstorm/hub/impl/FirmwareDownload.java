package io.fleetstorm.hub.impl;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code GET /ota/firmware/<ProductId>/<version>?token=...}: the download the update_firmware URL points to, served
 * from the image's file (zero-copy, never through the heap). Answers as addendum section 16 fixes: no or invalid
 * Range → 200 and the whole file; {@code bytes=a-b} or {@code bytes=a-} with a below the size → 206 with
 * Content-Range; a at or past the size → 416; a wrong token → 403; unknown image → 404. Every answer carries
 * {@code Content-Length: N} (see {@link HttpAnswers}). The MD5 of the whole file is in the {@code ETag} and, on full
 * answers, in {@code Content-MD5}.
 */
final class FirmwareDownload {

    private final FirmwareStore store;
    private final FirmwareLinks links;
    private final ServiceCounters counters;

    FirmwareDownload(FirmwareStore store, FirmwareLinks links, ServiceCounters counters) {
        this.store = store;
        this.links = links;
        this.counters = counters;
    }

    void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            response.putHeader("Allow", "GET, HEAD");
            HttpAnswers.text(response, 405, "method not allowed\n");
            return;
        }
        String rest = request.path().substring(FirmwareLinks.DOWNLOAD_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            HttpAnswers.text(response, 404, "no such firmware\n");
            return;
        }
        String productId = rest.substring(0, slash);
        String version = URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
        Optional<Firmware> found = store.find(productId, version);
        if (found.isEmpty()) {
            HttpAnswers.text(response, 404, "no such firmware\n");
            return;
        }
        if (!links.downloadAllowed(productId, version, request.getParam("token"))) {
            counters.firmwareDownloadsRefused.increment();
            HttpAnswers.text(response, 403, "forbidden\n");
            return;
        }
        Firmware fw = found.get();
        ByteRange range;
        try {
            range = ByteRange.parse(request.getHeader("Range"), fw.size());
        } catch (ByteRange.Unsatisfiable e) {
            // a C device reads this body as firmware and fails its MD5 (-4): counted, so a test can see it
            counters.firmwareRangeUnsatisfiable.increment();
            response.setStatusCode(416);
            HttpAnswers.length(response, 0).putHeader("Content-Range", "bytes */" + fw.size())
                    .putHeader("Accept-Ranges", "bytes").end();
            return;
        }
        long offset = range == null ? 0 : range.start();
        long length = range == null ? fw.size() : range.length();
        HttpAnswers.length(response, length).putHeader("Content-Type", "application/octet-stream")
                .putHeader("Accept-Ranges", "bytes").putHeader("ETag", '"' + fw.md5() + '"');
        if (range == null) {
            response.setStatusCode(200).putHeader("Content-MD5",
                    Base64.getEncoder().encodeToString(HexFormat.of().parseHex(fw.md5())));
        } else {
            response.setStatusCode(206).putHeader("Content-Range",
                    "bytes " + range.start() + "-" + range.end() + "/" + fw.size());
        }
        counters.firmwareDownloads.increment();
        if (request.method() == HttpMethod.HEAD || length == 0) {
            response.end();
            return;
        }
        counters.firmwareBytesServed.add(length);
        response.sendFile(fw.file().toString(), offset, length);
    }
}
