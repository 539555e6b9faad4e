package io.fleetstorm.hub.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code GET /ota/firmware/<ProductId>/<version>}: the firmware download the update_firmware URL points to. Honours
 * one {@code Range} (206 with Content-Range, 416 outside the file); the MD5 of the whole file is in the {@code ETag}
 * (quoted hex, as object stores send it) and, on full answers, in {@code Content-MD5} (base64, RFC 1864).
 */
final class FirmwareDownload {

    static final String PATH_PREFIX = "/ota/firmware/";

    private final FirmwareStore store;
    private final ServiceCounters counters;

    FirmwareDownload(FirmwareStore store, ServiceCounters counters) {
        this.store = store;
        this.counters = counters;
    }

    static String path(String productId, String version) {
        return PATH_PREFIX + productId + '/' + java.net.URLEncoder.encode(version, StandardCharsets.UTF_8);
    }

    void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            response.setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
            return;
        }
        Optional<Firmware> found = find(request.path().substring(PATH_PREFIX.length()));
        if (found.isEmpty()) {
            response.setStatusCode(404).end("no such firmware\n");
            return;
        }
        Firmware fw = found.get();
        response.putHeader("Accept-Ranges", "bytes").putHeader("ETag", '"' + fw.md5() + '"')
                .putHeader("Content-Type", "application/octet-stream");
        ByteRange range;
        try {
            range = ByteRange.parse(request.getHeader("Range"), fw.size());
        } catch (ByteRange.Unsatisfiable e) {
            response.setStatusCode(416).putHeader("Content-Range", "bytes */" + fw.size()).end();
            return;
        }
        Buffer body;
        if (range == null) {
            response.putHeader("Content-MD5", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(fw.md5())));
            body = Buffer.buffer(fw.bytes());
        } else {
            response.setStatusCode(206).putHeader("Content-Range",
                    "bytes " + range.start() + "-" + range.end() + "/" + fw.size());
            body = Buffer.buffer(fw.bytes()).slice((int) range.start(), (int) range.end() + 1);
        }
        counters.firmwareDownloads.increment();
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", Integer.toString(body.length())).end();
            return;
        }
        counters.firmwareBytesServed.add(body.length());
        response.end(body);
    }

    private Optional<Firmware> find(String rest) {
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        return store.find(rest.substring(0, slash),
                URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8));
    }
}
