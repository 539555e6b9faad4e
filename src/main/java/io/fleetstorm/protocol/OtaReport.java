package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * A report the hub reads from {@code $ota/report/PID/DN}: report_version or report_progress.
 *
 * <p>For report_version the progress fields are null. Percent and result_code parse from strings (as the SDKs send
 * them) or numbers.
 */
public record OtaReport(String type, String version, String state, Integer percent, Integer resultCode,
        String resultMsg) {
    private static final String WHAT = "OTA report";

    public static OtaReport parse(String json) throws ProtocolException {
        JsonObject o = JsonText.parseObject(json, WHAT);
        String type = JsonText.string(o, "type", WHAT);
        if (!type.equals(OtaMessages.TYPE_REPORT_VERSION) && !type.equals(OtaMessages.TYPE_REPORT_PROGRESS)) {
            throw new ProtocolException(WHAT + " \"type\" must be report_version or report_progress, but was "
                    + JsonText.show(type));
        }
        JsonObject report = JsonText.object(o, "report", WHAT);
        String version = JsonText.string(report, "version", WHAT + " report");
        if (type.equals(OtaMessages.TYPE_REPORT_VERSION)) {
            return new OtaReport(type, version, null, null, null, null);
        }
        String what = WHAT + " progress";
        JsonObject progress = JsonText.object(report, "progress", WHAT + " report");
        String state = JsonText.string(progress, "state", what);
        Integer percent = intField(progress, "percent", what);
        if (percent != null && (percent < 0 || percent > 100)) {
            throw new ProtocolException(what + " \"percent\" must be between 0 and 100, but was " + percent);
        }
        Integer resultCode = intField(progress, "result_code", what);
        String resultMsg = JsonText.optionalString(progress, "result_msg", what);
        return new OtaReport(type, version, state, percent, resultCode, resultMsg);
    }

    public boolean isVersionReport() {
        return OtaMessages.TYPE_REPORT_VERSION.equals(type);
    }

    private static Integer intField(JsonObject o, String key, String what) throws ProtocolException {
        Long v = JsonText.optionalLong(o, key, what, true);
        if (v != null && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
            throw new ProtocolException(what + " \"" + key + "\" is out of range: " + v);
        }
        return v == null ? null : v.intValue();
    }
}
