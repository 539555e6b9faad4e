package io.fleetstorm.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Time sync over {@code $sys/operation/PID/DN} and {@code $sys/operation/result/PID/DN}.
 */
public final class TimeSyncMessages {
    private static final String REQUEST = "{\"type\": \"get\", \"resource\": [\"time\"]}";

    private TimeSyncMessages() {
    }

    /** {@code {"type": "get", "resource": ["time"]}}, as the C SDK sends it. */
    public static String request() {
        return REQUEST;
    }

    /** {@code {"type":"get","time":<s>,"ntptime1":<ms>,"ntptime2":<ms>}} */
    public static String reply(long timeS, long ntp1Ms, long ntp2Ms) {
        return new JsonObject().put("type", "get").put("time", timeS).put("ntptime1", ntp1Ms).put("ntptime2", ntp2Ms)
                .encode();
    }

    /** Whether the message is a get whose resources include "time"; anything malformed is not. */
    public static boolean isTimeRequest(String json) {
        JsonObject o;
        try {
            o = JsonText.parseObject(json, "time request");
        } catch (ProtocolException e) {
            return false;
        }
        return "get".equals(o.getValue("type")) && o.getValue("resource") instanceof JsonArray resources
                && resources.contains("time");
    }
}
