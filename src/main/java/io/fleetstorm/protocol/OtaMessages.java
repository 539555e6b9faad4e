package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * OTA messages: device reports byte-identical to the SDKs' (spaces included) and the hub's compact commands.
 */
public final class OtaMessages {
    public static final String TYPE_REPORT_VERSION = "report_version";
    public static final String TYPE_REPORT_VERSION_RSP = "report_version_rsp";
    public static final String TYPE_REPORT_PROGRESS = "report_progress";
    public static final String TYPE_UPDATE_FIRMWARE = "update_firmware";

    public static final String STATE_DOWNLOADING = "downloading";
    public static final String STATE_BURNING = "burning";
    public static final String STATE_DONE = "done";
    public static final String STATE_FAIL = "fail";

    public static final int RESULT_OK = 0;
    public static final int RESULT_DOWNLOAD_TIMEOUT = -1;
    public static final int RESULT_FILE_NOT_FOUND = -2;
    /** Authentication failed or the download URL expired. */
    public static final int RESULT_AUTH_FAILED = -3;
    public static final int RESULT_MD5_MISMATCH = -4;
    public static final int RESULT_UPGRADE_FAILED = -5;

    private OtaMessages() {
    }

    /** {@code {"type": "report_version", "report":{"version":"1.0.0"}}} */
    public static String reportVersion(String version) {
        return "{\"type\": \"report_version\", \"report\":{\"version\":" + JsonText.quote(version) + "}}";
    }

    /** The hub's success answer to report_version. */
    public static String reportVersionRsp(String version) {
        return reportVersionRsp(RESULT_OK, "success", version);
    }

    /** {@code {"result_code":0,"result_msg":"success","type":"report_version_rsp","version":"1.0.0"}} */
    public static String reportVersionRsp(int resultCode, String resultMsg, String version) {
        return new JsonObject().put("result_code", resultCode).put("result_msg", resultMsg)
                .put("type", TYPE_REPORT_VERSION_RSP).put("version", version).encode();
    }

    /** {@code {"file_size":175436,"md5sum":"..","type":"update_firmware","url":"..","version":"1.3.0"}} */
    public static String updateFirmware(long fileSize, String md5, String url, String version) {
        return new JsonObject().put("file_size", fileSize).put("md5sum", md5).put("type", TYPE_UPDATE_FIRMWARE)
                .put("url", url).put("version", version).encode();
    }

    /** A progress report; percent and result_code go out as strings, as the SDKs send them. */
    public static String reportProgress(String state, int percent, int resultCode, String resultMsg, String version) {
        return "{\"type\": \"report_progress\", \"report\": {\"progress\": {\"state\":" + JsonText.quote(state)
                + ", \"percent\":\"" + percent + "\", \"result_code\":\"" + resultCode + "\", \"result_msg\":"
                + JsonText.quote(resultMsg) + "}, \"version\": " + JsonText.quote(version) + "}}";
    }

    /** "downloading" at {@code percent}. */
    public static String downloading(int percent, String version) {
        return reportProgress(STATE_DOWNLOADING, percent, RESULT_OK, "", version);
    }

    /** "burning": the download is complete and verified. */
    public static String burning(String version) {
        return reportProgress(STATE_BURNING, 100, RESULT_OK, "", version);
    }

    /** "done": the device runs the new version. */
    public static String done(String version) {
        return reportProgress(STATE_DONE, 100, RESULT_OK, "", version);
    }

    /** "fail" with one of the negative RESULT_* codes. */
    public static String fail(int percent, int resultCode, String resultMsg, String version) {
        return reportProgress(STATE_FAIL, percent, resultCode, resultMsg, version);
    }
}
