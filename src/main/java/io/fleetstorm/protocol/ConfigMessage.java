package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * A remote configuration message as read from either side: a {@code get}, or a {@code reply}/{@code push}.
 *
 * @param type    {@code type}
 * @param result  {@code result}, or null when absent
 * @param payload {@code payload}, or null when absent or not an object
 */
public record ConfigMessage(String type, Integer result, JsonObject payload) {
    private static final String WHAT = "config message";

    public static ConfigMessage parse(String json) throws ProtocolException {
        JsonObject o = JsonText.parseObject(json, WHAT);
        String type = JsonText.string(o, "type", WHAT);
        Long result = JsonText.optionalLong(o, "result", WHAT, true);
        Object payload = o.getValue("payload");
        return new ConfigMessage(type, result == null ? null : result.intValue(),
                payload instanceof JsonObject p ? p : null);
    }
}
