package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The hub's time sync answer as a device reads it.
 */
public record TimeReply(long timeS, long ntp1Ms, long ntp2Ms) {
    private static final String WHAT = "time reply";

    public static TimeReply parse(String json) throws ProtocolException {
        JsonObject o = JsonText.parseObject(json, WHAT);
        String type = JsonText.string(o, "type", WHAT);
        if (!type.equals("get")) {
            throw new ProtocolException(WHAT + " \"type\" must be get, but was " + JsonText.show(type));
        }
        return new TimeReply(required(o, "time"), required(o, "ntptime1"), required(o, "ntptime2"));
    }

    public String encode() {
        return TimeSyncMessages.reply(timeS, ntp1Ms, ntp2Ms);
    }

    private static long required(JsonObject o, String key) throws ProtocolException {
        Long v = JsonText.optionalLong(o, key, WHAT, false);
        if (v == null) {
            throw new ProtocolException(WHAT + " has no \"" + key + '"');
        }
        return v;
    }
}
