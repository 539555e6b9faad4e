package io.fleetstorm.engine;

import io.fleetstorm.cloudapi.ApiResponse;
import io.fleetstorm.cloudapi.OtaTaskFlow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The application side's one seam to the target's Cloud API: single actions, and the cloud's OTA flow as one call.
 * Failures are {@link io.fleetstorm.cloudapi.ApiFailure}s carrying the cloud's error code. {@link HubApiClient} in a
 * run, a scripted fake in tests.
 */
interface ApplicationApi {

    /** Calls an action; completes with the answer (its timings included) on the caller's event loop. */
    Future<ApiResponse> call(String action, JsonObject params);

    /** GetCOSURL, the upload, UploadFirmware and BatchUpdateFirmware; each call's answer is given to {@code calls}. */
    Future<OtaTaskFlow.Result> createOtaTask(OtaTaskFlow.Request request, OtaTaskFlow.Calls calls);

    Future<Void> close();
}
