package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The update_firmware command a device reads from {@code $ota/update/PID/DN}.
 */
public record FirmwareCommand(long fileSize, String md5, String url, String version) {
    private static final String WHAT = "firmware command";

    public static FirmwareCommand parse(String json) throws ProtocolException {
        JsonObject o = JsonText.parseObject(json, WHAT);
        String type = JsonText.string(o, "type", WHAT);
        if (!type.equals(OtaMessages.TYPE_UPDATE_FIRMWARE)) {
            throw new ProtocolException(WHAT + " \"type\" must be update_firmware, but was " + JsonText.show(type));
        }
        Long fileSize = JsonText.optionalLong(o, "file_size", WHAT, false);
        if (fileSize == null) {
            throw new ProtocolException(WHAT + " has no \"file_size\"");
        }
        if (fileSize < 0) {
            throw new ProtocolException(WHAT + " \"file_size\" must be >= 0, but was " + fileSize);
        }
        return new FirmwareCommand(fileSize, JsonText.string(o, "md5sum", WHAT), JsonText.string(o, "url", WHAT),
                JsonText.string(o, "version", WHAT));
    }

    /** The wire form, as the hub sends it. */
    public String encode() {
        return OtaMessages.updateFirmware(fileSize, md5, url, version);
    }
}
