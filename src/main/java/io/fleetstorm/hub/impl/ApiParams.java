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

    JsonObject optionalObject(String name) {
        Object value = body.getValue(name);
        if (value == null || value instanceof JsonObject) {
            return (JsonObject) value;
        }
        throw wrongType(name, "an object", value);
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

    /** Filters as the cloud's describe actions take them: {@code [{"Key":K,"Value":V}]}, keyed by K. */
    java.util.Map<String, String> filters(String name) {
        Object value = body.getValue(name);
        java.util.Map<String, String> result = new java.util.LinkedHashMap<>();
        if (value == null) {
            return result;
        }
        if (!(value instanceof JsonArray array)) {
            throw wrongType(name, "an array of {Key, Value}", value);
        }
        for (Object item : array) {
            if (!(item instanceof JsonObject o) || !(o.getValue("Key") instanceof String k)
                    || !(o.getValue("Value") instanceof String v)) {
                throw wrongType(name, "an array of {Key, Value} strings", value);
            }
            result.put(k, v);
        }
        return result;
    }

    /** Offset and Limit of a list action. */
    record Page(int offset, int limit) {
        <T> List<T> of(List<T> all) {
            return offset >= all.size() ? List.of() : all.subList(offset, Math.min(all.size(), offset + limit));
        }
    }

    Page page(int defaultLimit, int maxLimit) {
        Long offset = optionalInteger("Offset");
        Long limit = optionalInteger("Limit");
        if (offset != null && (offset < 0 || offset > Integer.MAX_VALUE)) {
            throw ApiException.invalidValue("Offset", "must be >= 0, but was " + offset);
        }
        if (limit != null && (limit < 1 || limit > maxLimit)) {
            throw ApiException.invalidValue("Limit", "must be 1.." + maxLimit + ", but was " + limit);
        }
        return new Page(offset == null ? 0 : offset.intValue(), limit == null ? defaultLimit : limit.intValue());
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
