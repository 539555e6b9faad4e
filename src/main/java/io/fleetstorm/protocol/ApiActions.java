package io.fleetstorm.protocol;

import java.util.List;

/**
 * The Cloud API 3.0 actions of {@code iotcloud} 2021-04-08 that fleetstorm's clients call (the application side of a
 * run, provisioning, preflight), by the cloud's own names (addendum section 18), and the error codes they act on. One
 * catalogue for every client; the hub serves each of them (a hub test calls every name of {@link #CALLED}).
 */
public final class ApiActions {

    public static final String CREATE_PRODUCT = "CreateProduct";
    public static final String DESCRIBE_PRODUCT = "DescribeProduct";
    public static final String DESCRIBE_PRODUCTS = "DescribeProducts";
    public static final String DELETE_PRODUCT = "DeleteProduct";
    public static final String CREATE_DEVICE = "CreateDevice";
    public static final String DESCRIBE_DEVICE = "DescribeDevice";
    public static final String DESCRIBE_DEVICES = "DescribeDevices";
    public static final String DELETE_DEVICE = "DeleteDevice";
    public static final String DESCRIBE_DEVICE_SHADOW = "DescribeDeviceShadow";
    public static final String UPDATE_DEVICE_SHADOW = "UpdateDeviceShadow";
    public static final String PUBLISH_MESSAGE = "PublishMessage";
    public static final String GET_COS_URL = "GetCOSURL";
    public static final String UPLOAD_FIRMWARE = "UploadFirmware";
    public static final String BATCH_UPDATE_FIRMWARE = "BatchUpdateFirmware";
    public static final String DESCRIBE_FIRMWARE_TASK = "DescribeFirmwareTask";

    /** Every action above. */
    public static final List<String> CALLED = List.of(CREATE_PRODUCT, DESCRIBE_PRODUCT, DESCRIBE_PRODUCTS,
            DELETE_PRODUCT, CREATE_DEVICE, DESCRIBE_DEVICE, DESCRIBE_DEVICES, DELETE_DEVICE, DESCRIBE_DEVICE_SHADOW,
            UPDATE_DEVICE_SHADOW, PUBLISH_MESSAGE, GET_COS_URL, UPLOAD_FIRMWARE, BATCH_UPDATE_FIRMWARE,
            DESCRIBE_FIRMWARE_TASK);

    /** UpdateDeviceShadow with a version that is no longer the shadow's: the read-then-update raced a device. */
    public static final String VERSION_NOT_MATCH = "FailedOperation.UpdateVersionNotMatch";
    /** The firmware version exists already (an earlier run, or another agent of this one, uploaded it). */
    public static final String FIRMWARE_EXISTS = "InvalidParameterValue.FirmwareAlreadyExist";
    public static final String DEVICE_EXISTS = "InvalidParameterValue.DeviceAlreadyExist";
    public static final String DEVICE_NOT_EXIST = "ResourceNotFound.DeviceNotExist";
    public static final String PRODUCT_NOT_EXIST = "ResourceNotFound.ProductNotExist";
    /** The cloud's code for too many devices in a product (or the account). */
    public static final String DEVICE_LIMIT = "LimitExceeded.DeviceExceedLimit";

    /** The largest page of DescribeDevices / DescribeProducts the cloud answers. */
    public static final int MAX_PAGE = 250;

    private ApiActions() {
    }
}
