package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * A resource message as read from either direction. Absent fields are null; numbers may arrive as strings.
 *
 * @param type       {@code type}
 * @param name       {@code name}
 * @param size       {@code size}
 * @param md5        {@code md5sum}
 * @param url        {@code url}
 * @param state      {@code progress.state}
 * @param percent    {@code progress.percent}
 * @param resultCode {@code result_code}: top-level, or {@code progress.result_code}, or
 *                   {@code report.progress.result_code} (upload_result)
 * @param resultMsg  {@code result_msg} from the same place
 */
public record ResourceMessage(String type, String name, Long size, String md5, String url, String state,
        Integer percent, Integer resultCode, String resultMsg) {
    private static final String WHAT = "resource message";

    public static ResourceMessage parse(String json) throws ProtocolException {
        JsonObject o = JsonText.parseObject(json, WHAT);
        String type = JsonText.string(o, "type", WHAT);
        JsonObject progress = JsonText.optionalObject(o, "progress", WHAT);
        JsonObject report = JsonText.optionalObject(o, "report", WHAT);
        if (progress == null && report != null) {
            progress = JsonText.optionalObject(report, "progress", WHAT + " report");
        }
        Long code = JsonText.optionalLong(o, "result_code", WHAT, true);
        String msg = JsonText.optionalString(o, "result_msg", WHAT);
        String state = null;
        Long percent = null;
        if (progress != null) {
            state = JsonText.optionalString(progress, "state", WHAT + " progress");
            percent = JsonText.optionalLong(progress, "percent", WHAT + " progress", true);
            if (code == null) {
                code = JsonText.optionalLong(progress, "result_code", WHAT + " progress", true);
                msg = JsonText.optionalString(progress, "result_msg", WHAT + " progress");
            }
        }
        return new ResourceMessage(type, JsonText.optionalString(o, "name", WHAT),
                JsonText.optionalLong(o, "size", WHAT, true), JsonText.optionalString(o, "md5sum", WHAT),
                JsonText.optionalString(o, "url", WHAT), state, toInt(percent), toInt(code), msg);
    }

    private static Integer toInt(Long v) {
        return v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : v.intValue();
    }
}
