package io.fleetstorm.hub.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** Reads a request body of at most a given size: a larger one fails at once, without being kept in memory. */
final class BoundedBody {

    /** The body was larger than allowed. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long max) {
            super("the body is larger than " + max + " bytes", null, false, false);
        }
    }

    private BoundedBody() {
    }

    static Future<Buffer> read(HttpServerRequest request, int maxBytes) {
        String declared = request.getHeader("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBytes) {
                    request.pause();
                    return Future.failedFuture(new TooLarge(maxBytes));
                }
            } catch (NumberFormatException e) {
                return Future.failedFuture(new IllegalArgumentException("Content-Length is not a number"));
            }
        }
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                request.pause();
                promise.tryFail(new TooLarge(maxBytes));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> promise.tryComplete(body));
        request.exceptionHandler(promise::tryFail);
        return promise.future();
    }
}
