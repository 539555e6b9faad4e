package io.fleetstorm.hub.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** One application API action: its parameters in, the fields of its {@code Response} out (RequestId is added). */
@FunctionalInterface
interface ApiAction {

    /** Throws or fails with {@link ApiException} for the cloud's error answers. */
    Future<JsonObject> call(ApiParams params);

    /** A synchronous action. */
    static ApiAction sync(java.util.function.Function<ApiParams, JsonObject> body) {
        return params -> Future.succeededFuture(body.apply(params));
    }
}
