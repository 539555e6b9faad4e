package io.fleetstorm.hub.impl;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * Every HTTP answer of the hub goes through here, so that each one is as the SDKs' HTTP clients read it (addendum
 * section 16): Title-Case header names, {@code Content-Length: N} set first and exactly, identity bodies, short
 * header blocks. The C SDK looks for the case-sensitive text {@code Content-Length: }, and a header set by Vert.x
 * itself would be lower-case, so nothing is left for Vert.x to add.
 */
final class HttpAnswers {

    static final String JSON = "application/json";

    private HttpAnswers() {
    }

    /** Content-Length first: before any other header whose name could contain that text. */
    static HttpServerResponse length(HttpServerResponse response, long bytes) {
        return response.putHeader("Content-Length", Long.toString(bytes));
    }

    static Future<Void> body(HttpServerResponse response, int status, String contentType, Buffer body) {
        response.setStatusCode(status);
        length(response, body.length()).putHeader("Content-Type", contentType);
        return response.end(body);
    }

    static Future<Void> json(HttpServerResponse response, int status, String json) {
        return body(response, status, JSON, Buffer.buffer(json.getBytes(StandardCharsets.UTF_8)));
    }

    static Future<Void> text(HttpServerResponse response, int status, String text) {
        return body(response, status, "text/plain; charset=utf-8",
                Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    static Future<Void> empty(HttpServerResponse response, int status) {
        response.setStatusCode(status);
        return length(response, 0).end();
    }

    /** An answer after which the connection closes (the request body is not read). */
    static HttpServerResponse closing(HttpServerResponse response) {
        return response.putHeader("Connection", "close");
    }
}
