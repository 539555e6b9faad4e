package io.fleetstorm.hub.impl;

/** An application API error with the cloud's error code; answered as {@code {"Response":{"Error":{...}}}}. */
final class ApiException extends RuntimeException {

    static final String MISSING_PARAMETER = "MissingParameter";
    static final String INVALID_PARAMETER = "InvalidParameter";
    static final String INVALID_PARAMETER_VALUE = "InvalidParameterValue";
    static final String INVALID_ACTION = "InvalidAction";
    static final String UNSUPPORTED_OPERATION = "UnsupportedOperation";
    static final String INTERNAL_ERROR = "InternalError";
    static final String NO_SUCH_VERSION = "NoSuchVersion";
    static final String LIMIT_EXCEEDED = "LimitExceeded";
    static final String RESOURCE_INSUFFICIENT = "ResourceInsufficient";
    static final String PRODUCT_NOT_EXIST = "ResourceNotFound.ProductNotExist";
    static final String DEVICE_NOT_EXIST = "ResourceNotFound.DeviceNotExist";
    static final String FIRMWARE_NOT_EXIST = "ResourceNotFound.FirmwareNotExist";
    static final String TASK_NOT_EXIST = "ResourceNotFound.FirmwareTaskNotExist";
    static final String PRODUCT_EXISTS = "ResourceInUse.ProductAlreadyExist";
    static final String DEVICE_EXISTS = "InvalidParameterValue.DeviceAlreadyExist";
    static final String FIRMWARE_EXISTS = "InvalidParameterValue.FirmwareAlreadyExist";
    static final String VERSION_NOT_MATCH = "FailedOperation.UpdateVersionNotMatch";
    static final String DEVICE_OFFLINE = "FailedOperation.DeviceOffline";
    static final String RRPC_TIMEOUT = "FailedOperation.RRPCTimeout";

    final String code;

    ApiException(String code, String message) {
        super(message, null, false, false); // an answer, not a failure: no stack trace
        this.code = code;
    }

    static ApiException missing(String parameter) {
        return new ApiException(MISSING_PARAMETER, "The request is missing a required parameter `" + parameter + "`.");
    }

    static ApiException invalidValue(String parameter, String rule) {
        return new ApiException(INVALID_PARAMETER_VALUE, "The value of parameter `" + parameter + "` " + rule + ".");
    }
}
