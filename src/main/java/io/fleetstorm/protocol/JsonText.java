package io.fleetstorm.protocol;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * JSON helpers for the message classes: string quoting for hand-built SDK formats and typed field reads with
 * precise error texts.
 */
final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** The JSON string literal for {@code s}, quotes included. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Parses a JSON object, or throws with {@code what} naming the message. */
    static JsonObject parseObject(String json, String what) throws ProtocolException {
        if (json == null || json.isBlank()) {
            throw new ProtocolException(what + " is empty");
        }
        try {
            return new JsonObject(json);
        } catch (DecodeException | ClassCastException e) {
            throw new ProtocolException(what + " is not a JSON object: " + abbreviate(json), e);
        }
    }

    /** A required string field. */
    static String string(JsonObject o, String key, String what) throws ProtocolException {
        String s = optionalString(o, key, what);
        if (s == null) {
            throw new ProtocolException(what + " has no \"" + key + '"');
        }
        return s;
    }

    /** A string field that may be absent or null. */
    static String optionalString(JsonObject o, String key, String what) throws ProtocolException {
        Object v = o.getValue(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw wrongType(what, key, "a string", v);
    }

    /** A required object field. */
    static JsonObject object(JsonObject o, String key, String what) throws ProtocolException {
        JsonObject v = optionalObject(o, key, what);
        if (v == null) {
            throw new ProtocolException(what + " has no \"" + key + '"');
        }
        return v;
    }

    /** An object field that may be absent or null. */
    static JsonObject optionalObject(JsonObject o, String key, String what) throws ProtocolException {
        Object v = o.getValue(key);
        if (v == null || v instanceof JsonObject) {
            return (JsonObject) v;
        }
        throw wrongType(what, key, "an object", v);
    }

    /** A whole-number field that may be absent or null; SDKs send some numbers as strings, so both are read. */
    static Long optionalLong(JsonObject o, String key, String what, boolean stringAllowed) throws ProtocolException {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (stringAllowed && v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw wrongType(what, key, "an integer", v);
            }
        }
        throw wrongType(what, key, "an integer", v);
    }

    /** The value as it appears in JSON, cut short, for error texts. */
    static String show(Object v) {
        String text = v instanceof String s ? quote(s)
                : v instanceof JsonObject || v instanceof JsonArray ? v.toString() : String.valueOf(v);
        return abbreviate(text);
    }

    private static ProtocolException wrongType(String what, String key, String expected, Object v) {
        return new ProtocolException(what + " \"" + key + "\" must be " + expected + ", but was " + show(v));
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
