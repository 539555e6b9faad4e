package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * Resource (file) messages of addendum section 14 on {@code $resource/up|down/service/PID/DN}: device requests
 * byte-identical to the C SDK's (spaces included), the cloud's compact answers.
 */
public final class ResourceMessages {
    public static final String TYPE_CREATE_UPLOAD = "create_upload_task";
    public static final String TYPE_CREATE_UPLOAD_RSP = "create_upload_task_rsp";
    public static final String TYPE_UPLOAD_PROGRESS = "report_upload_progress";
    public static final String TYPE_UPLOAD_PROGRESS_RSP = "report_upload_progress_rsp";
    public static final String TYPE_DOWNLOAD = "download";
    public static final String TYPE_GET_DOWNLOAD = "get_download_task";
    public static final String TYPE_GET_DOWNLOAD_RSP = "get_download_task_rsp";
    public static final String TYPE_DOWNLOAD_PROGRESS = "report_download_progress";
    public static final String TYPE_DOWNLOAD_PROGRESS_RSP = "report_download_progress_rsp";
    public static final String TYPE_UPLOAD_RESULT = "upload_result";

    public static final String STATE_UPLOADING = "uploading";
    public static final String STATE_DOWNLOADING = "downloading";
    public static final String STATE_DONE = "done";
    public static final String STATE_FAIL = "fail";

    public static final int RESULT_OK = 0;
    public static final int RESULT_TIMEOUT = -1;
    public static final int RESULT_FILE_NOT_EXIST = -2;
    public static final int RESULT_SIGN_INVALID = -3;
    public static final int RESULT_MD5_MISMATCH = -4;

    /** Resource names are 1..64 characters. */
    public static final int MAX_NAME_CHARS = 64;

    private ResourceMessages() {
    }

    /** The {@code result_msg} the cloud pairs with each result code. */
    public static String resultMessage(int code) {
        return switch (code) {
            case RESULT_OK -> "";
            case RESULT_TIMEOUT -> "time_out";
            case RESULT_FILE_NOT_EXIST -> "file_not_exist";
            case RESULT_SIGN_INVALID -> "sign invalid";
            case RESULT_MD5_MISMATCH -> "md5sum not matched";
            default -> "error";
        };
    }

    /** {@code {"type": "create_upload_task","size": N,"name": "X","md5sum": "..."}}. */
    public static String createUploadTask(long size, String name, String md5) {
        return "{\"type\": \"create_upload_task\",\"size\": " + size + ",\"name\": " + JsonText.quote(name)
                + ",\"md5sum\": " + JsonText.quote(md5) + "}";
    }

    /** {@code {"type": "get_download_task"}}. */
    public static String getDownloadTask() {
        return "{\"type\": \"get_download_task\"}";
    }

    /** Progress while transferring: {@code uploading} or {@code downloading} with a percent. */
    public static String progress(boolean upload, String name, int percent) {
        return "{\"type\":" + JsonText.quote(upload ? TYPE_UPLOAD_PROGRESS : TYPE_DOWNLOAD_PROGRESS) + ",\"name\":"
                + JsonText.quote(name) + ",\"progress\":{\"percent\":" + percent + ",\"state\":"
                + JsonText.quote(upload ? STATE_UPLOADING : STATE_DOWNLOADING) + ",\"result_code\":0,"
                + "\"result_msg\":\"\"}}";
    }

    /** The final report: {@code done} (code 0) or {@code fail} with one of the RESULT_* codes. */
    public static String result(boolean upload, String name, int resultCode) {
        return "{\"type\":" + JsonText.quote(upload ? TYPE_UPLOAD_PROGRESS : TYPE_DOWNLOAD_PROGRESS) + ",\"name\":"
                + JsonText.quote(name) + ",\"progress\":{\"state\":"
                + JsonText.quote(resultCode == RESULT_OK ? STATE_DONE : STATE_FAIL) + ",\"result_code\":" + resultCode
                + ",\"result_msg\":" + JsonText.quote(resultMessage(resultCode)) + "}}";
    }

    /** The cloud's answer to create_upload_task: the request's fields plus the pre-signed PUT URL. */
    public static String createUploadTaskRsp(long size, String name, String md5, String url) {
        return file(TYPE_CREATE_UPLOAD_RSP, size, name, md5, url);
    }

    /** A download task pushed to the device. */
    public static String download(long size, String name, String md5, String url) {
        return file(TYPE_DOWNLOAD, size, name, md5, url);
    }

    /** The answer to get_download_task when a task is pending. */
    public static String getDownloadTaskRsp(long size, String name, String md5, String url) {
        return file(TYPE_GET_DOWNLOAD_RSP, size, name, md5, url);
    }

    /** An answer carrying only a result (progress answers, refusals, "no task"). */
    public static String rsp(String type, int resultCode, String resultMsg) {
        return new JsonObject().put("type", type).put("result_code", resultCode).put("result_msg", resultMsg)
                .encode();
    }

    private static String file(String type, long size, String name, String md5, String url) {
        return new JsonObject().put("type", type).put("size", size).put("name", name).put("md5sum", md5)
                .put("url", url).encode();
    }
}
