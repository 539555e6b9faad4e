package io.fleetstorm.engine;

/**
 * The cloud API actions the application side of a run calls (Tencent Cloud API 3.0 {@code iotcloud} names, as the
 * hub's HTTP API mirrors them), and the error codes it acts on.
 */
final class CloudActions {

    static final String DESCRIBE_DEVICE_SHADOW = "DescribeDeviceShadow";
    static final String UPDATE_DEVICE_SHADOW = "UpdateDeviceShadow";
    static final String PUBLISH_MESSAGE = "PublishMessage";
    static final String UPLOAD_FIRMWARE = "UploadFirmware";
    static final String PUBLISH_FIRMWARE_UPDATE_MESSAGE = "PublishFirmwareUpdateMessage";

    /** UpdateDeviceShadow with a version that is no longer the shadow's: the read-then-update raced a device. */
    static final String VERSION_NOT_MATCH = "FailedOperation.UpdateVersionNotMatch";

    private CloudActions() {
    }
}
