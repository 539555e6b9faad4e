package io.fleetstorm.hub.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of an API request's parameters; every problem becomes the cloud's parameter error. */
final class ApiParams {

    private final JsonObject body;

    ApiParams(JsonObject body) {
        this.body = body;
    }

    /** A required, non-empty string. */
    String string(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw ApiException.missing(name);
        }
        if (value.isEmpty()) {
            throw ApiException.invalidValue(name, "must not be empty");
        }
        return value;
    }

    String optionalString(String name) {
        Object value = body.getValue(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrongType(name, "a string", value);
    }

    /** A required whole number (a JSON number without fraction; strings are refused as the cloud refuses them). */
    long integer(String name) {
        Long value = optionalInteger(name);
        if (value == null) {
            throw ApiException.missing(name);
        }
        return value;
    }

    Long optionalInteger(String name) {
        Object value = body.getValue(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw wrongType(name, "an integer", value);
    }

    Double optionalNumber(String name) {
        Object value = body.getValue(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(name, "a number", value);
    }

    List<String> optionalStringList(String name) {
        Object value = body.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw wrongType(name, "an array of strings", value);
        }
        List<String> result = new ArrayList<>(array.size());
        for (Object item : array) {
            if (!(item instanceof String s)) {
                throw wrongType(name, "an array of strings", value);
            }
            result.add(s);
        }
        return result;
    }

    /** A JSON boolean, or 1/0 as some of the cloud's actions take it; null when absent. */
    Boolean optionalBoolean(String name) {
        Object value = body.getValue(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        if ((value instanceof Integer || value instanceof Long) && (((Number) value).longValue() & ~1L) == 0) {
            return ((Number) value).longValue() == 1;
        }
        throw wrongType(name, "true, false, 1 or 0", value);
    }

    /** 0 or 1, absent = 0 (the cloud's default). */
    int qos() {
        Long qos = optionalInteger("Qos");
        if (qos != null && qos != 0 && qos != 1) {
            throw ApiException.invalidValue("Qos", "must be 0 or 1, but was " + qos);
        }
        return qos == null ? 0 : qos.intValue();
    }

    private static ApiException wrongType(String name, String expected, Object value) {
        String shown = value instanceof String s ? '"' + s + '"' : String.valueOf(value);
        if (shown.length() > 64) {
            shown = shown.substring(0, 61) + "...";
        }
        return new ApiException(ApiException.INVALID_PARAMETER,
                "The parameter `" + name + "` must be " + expected + ", but was " + shown + ".");
    }
}
