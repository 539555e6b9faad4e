package io.fleetstorm.hub.impl;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The shadow's merge rules: a null field deletes, nested objects merge field by field, anything else (arrays
 * included) replaces the old value whole.
 */
final class JsonMerge {

    private JsonMerge() {
    }

    /** A new object: {@code target} with {@code patch} applied; neither argument is modified. */
    static JsonObject merge(JsonObject target, JsonObject patch) {
        JsonObject result = target.copy();
        for (Map.Entry<String, Object> e : patch) {
            Object value = e.getValue();
            if (value == null) {
                result.remove(e.getKey());
            } else if (value instanceof JsonObject nested && result.getValue(e.getKey()) instanceof JsonObject old) {
                result.put(e.getKey(), merge(old, nested));
            } else {
                result.put(e.getKey(), copyOf(value));
            }
        }
        return result;
    }

    /**
     * The delta: the desired fields whose value differs from the reported one (top level only, so the delta is
     * flat as the cloud sends it; a differing nested object is sent whole).
     */
    static JsonObject delta(JsonObject reported, JsonObject desired) {
        JsonObject delta = new JsonObject();
        for (Map.Entry<String, Object> e : desired) {
            if (!sameValue(e.getValue(), reported.getValue(e.getKey())) || !reported.containsKey(e.getKey())) {
                delta.put(e.getKey(), copyOf(e.getValue()));
            }
        }
        return delta;
    }

    /** JSON equality: 20 equals 20L and 20.0, as Vert.x compares numbers inside objects. */
    static boolean sameValue(Object a, Object b) {
        return new JsonObject().put("v", a).equals(new JsonObject().put("v", b));
    }

    private static Object copyOf(Object value) {
        if (value instanceof JsonObject o) {
            return o.copy();
        }
        if (value instanceof io.vertx.core.json.JsonArray a) {
            return a.copy();
        }
        return value;
    }
}
