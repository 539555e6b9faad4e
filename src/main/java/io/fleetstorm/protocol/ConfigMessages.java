package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * Remote configuration messages (addendum section 13): the device's {@code get} and the cloud's {@code reply} and
 * {@code push} on {@code $config/operation/result/PID/DN}.
 */
public final class ConfigMessages {
    public static final String TYPE_GET = "get";
    public static final String TYPE_REPLY = "reply";
    public static final String TYPE_PUSH = "push";
    public static final int RESULT_OK = 0;
    /** Remote configuration is disabled for the product. */
    public static final int RESULT_DISABLED = 1001;
    /** The largest configuration object a product may hold. */
    public static final int MAX_CONFIG_BYTES = 128 * 1024;

    private ConfigMessages() {
    }

    /** {@code {"type":"get"}}. */
    public static String get() {
        return "{\"type\":\"get\"}";
    }

    /** {@code {"type":"reply","result":0,"payload":{...}}}; the config JSON object is inserted verbatim. */
    public static String reply(String configJson) {
        return "{\"type\":\"reply\",\"result\":0,\"payload\":" + configJson + "}";
    }

    /** The answer when the product's remote configuration is disabled: result 1001, empty payload. */
    public static String disabled() {
        return "{\"type\":\"reply\",\"result\":" + RESULT_DISABLED + ",\"payload\":{}}";
    }

    /** {@code {"type":"push","result":0,"payload":{...}}} (the doc shows a result in pushes too). */
    public static String push(String configJson) {
        return "{\"type\":\"push\",\"result\":0,\"payload\":" + configJson + "}";
    }

    /**
     * Checks a configuration the application sets: a JSON object of at most 128 KB; returns its compact encoding.
     *
     * @throws IllegalArgumentException with the rule that was broken
     */
    public static String checkConfig(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("must be a JSON object, but was empty");
        }
        JsonObject o;
        try {
            o = JsonText.parseObject(json, "configuration");
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("must be a JSON object, but was " + JsonText.show(json));
        }
        String compact = o.encode();
        int bytes = compact.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_CONFIG_BYTES) {
            throw new IllegalArgumentException("must be at most " + MAX_CONFIG_BYTES + " bytes, but was " + bytes);
        }
        return compact;
    }
}
