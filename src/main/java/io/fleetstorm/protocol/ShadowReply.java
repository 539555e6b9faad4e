package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * A message a device reads from {@code $shadow/operation/result/PID/DN}: an answer to get or update, or a delta.
 *
 * <p>A delta has no clientToken and no result; an error answer has no state and no version.
 */
public record ShadowReply(String type, String clientToken, Integer result, JsonObject state, Long version,
        Long timestampS) {
    private static final String WHAT = "shadow reply";

    public static ShadowReply parse(String json) throws ProtocolException {
        JsonObject o = JsonText.parseObject(json, WHAT);
        String type = JsonText.string(o, "type", WHAT);
        String clientToken = JsonText.optionalString(o, "clientToken", WHAT);
        Long result = JsonText.optionalLong(o, "result", WHAT, false);
        Long timestampS = JsonText.optionalLong(o, "timestamp", WHAT, false);
        JsonObject payload = JsonText.optionalObject(o, "payload", WHAT);
        JsonObject state = null;
        Long version = null;
        if (payload != null) {
            state = JsonText.optionalObject(payload, "state", WHAT + " payload");
            version = JsonText.optionalLong(payload, "version", WHAT + " payload", false);
        }
        return new ShadowReply(type, clientToken, result == null ? null : result.intValue(), state, version,
                timestampS);
    }

    public boolean isDelta() {
        return ShadowMessages.TYPE_DELTA.equals(type);
    }
}
