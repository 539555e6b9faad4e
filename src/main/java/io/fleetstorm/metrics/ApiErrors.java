package io.fleetstorm.metrics;

import java.util.Map;

/**
 * Explanations of the cloud API's error codes (Tencent Cloud API 3.0, {@code iotcloud} 2021-04-08) as the
 * application side of a run meets them: {@link ErrorKind#API} errors carry the code as their reason.
 */
final class ApiErrors {

    private static final Map<String, String> CODES = Map.ofEntries(
            Map.entry("FailedOperation.UpdateVersionNotMatch", "the shadow's version changed between the "
                    + "application's read and its update: a race of fleetstorm's own application side, counted as "
                    + "an error only once its retries ran out"),
            Map.entry("FailedOperation.DeviceOffline", "the API refused the call: the device was offline"),
            Map.entry("FailedOperation.DeviceRunningOtherOtaTask", "the API refused the OTA task: the device was "
                    + "already in another one"),
            Map.entry("FailedOperation.InvalidTopicName", "the API refused the topic of the message"),
            Map.entry("ResourceNotFound.ProductNotExist", "the API does not know the product"),
            Map.entry("ResourceNotFound.DeviceNotExist", "the API does not know the device"),
            Map.entry("ResourceNotFound.DeviceShadowNotExist", "the device has no shadow yet"),
            Map.entry("ResourceNotFound.FirmwareNotExist", "the API does not know the firmware version"),
            Map.entry("InvalidParameterValue.PayloadOverLimit", "the message was larger than the API accepts"),
            Map.entry("InvalidParameterValue.JSONSizeExceedLimit", "the shadow state was larger than the API accepts "
                    + "(8 KB)"),
            Map.entry("RequestLimitExceeded", "the API's request rate limit was reached"),
            Map.entry("LimitExceeded", "an API limit was reached"),
            Map.entry("InternalError", "the API failed internally"),
            Map.entry("InvalidParameterValue.FirmwareAlreadyExist", "the firmware version exists already"),
            Map.entry("fleetstorm.NetworkError", "the API endpoint could not be reached or did not answer in time "
                    + "(refused, reset or timed-out connection, or a failed firmware upload)"),
            Map.entry("fleetstorm.HttpStatus", "the API endpoint (or the firmware upload URL) answered with an HTTP "
                    + "status other than 200: not a Cloud API endpoint, or a proxy in the way"),
            Map.entry("fleetstorm.BadResponse", "the API endpoint answered something that is not a Cloud API answer"),
            Map.entry("no_api_url", "the scenario's target names no API URL, so application-side actions could not be "
                    + "sent"));

    private ApiErrors() {
    }

    /** The explanation of an API error code, or null. */
    static String explain(String code) {
        String known = CODES.get(code);
        if (known != null) {
            return known;
        }
        if (code.startsWith("AuthFailure.")) {
            return "the API refused the call's authentication (" + code.substring("AuthFailure.".length())
                    + "): key, signature or clock";
        }
        if (code.startsWith("http_")) {
            return "the API call failed below the API (" + code.substring("http_".length()) + "): the API endpoint "
                    + "could not be reached or did not answer";
        }
        if (code.startsWith("ota_task_")) {
            return "creating the OTA task failed: " + code.substring("ota_task_".length());
        }
        return null;
    }
}
