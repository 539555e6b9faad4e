package io.fleetstorm.hub.impl;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * Writes the hub's small HTTP answers as embedded SDK clients read them: header names in canonical case,
 * {@code Content-Length: N} first (the C SDK finds it by a case-sensitive substring search), nothing else added.
 */
final class HttpAnswer {

    private HttpAnswer() {
    }

    /** A JSON body; with {@code close} the connection ends after it (the C SDK waits for the close). */
    static Future<Void> json(HttpServerRequest request, int status, String json, boolean close) {
        return send(request, status, "application/json", json.getBytes(StandardCharsets.UTF_8), close);
    }

    /** A short plain-text body. */
    static Future<Void> text(HttpServerRequest request, int status, String text, boolean close) {
        return send(request, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), close);
    }

    /** {@code headers} are name, value pairs written after Content-Length and Content-Type. */
    static Future<Void> send(HttpServerRequest request, int status, String contentType, byte[] body, boolean close,
            String... headers) {
        HttpServerResponse response = request.response();
        response.setStatusCode(status);
        response.putHeader("Content-Length", Integer.toString(body.length));
        if (contentType != null) {
            response.putHeader("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.putHeader(headers[i], headers[i + 1]);
        }
        // HTTP/2 has no Connection header and multiplexes: closing would cut other streams
        close &= request.version() != io.vertx.core.http.HttpVersion.HTTP_2;
        if (close) {
            response.putHeader("Connection", "close");
        }
        Future<Void> written = response.end(Buffer.buffer(body));
        if (close) {
            // Vert.x keeps an HTTP/1.1 connection open unless the request asked otherwise
            written.onComplete(ar -> request.connection().close());
        }
        return written;
    }
}
