package io.fleetstorm.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Device shadow messages: requests byte-identical to the SDKs' (spaces included) and the hub's compact answers.
 *
 * <p>The document names only result 0 and 5005; the other codes are fleetstorm's choice, used by its hub:
 * {@value #RESULT_BAD_REQUEST} malformed request (not JSON, wrong field types), {@value #RESULT_UNKNOWN_TYPE}
 * unknown {@code type}, {@value #RESULT_DOCUMENT_TOO_LARGE} document above {@value #MAX_DOCUMENT_BYTES} bytes,
 * {@value #RESULT_NESTING_TOO_DEEP} nesting deeper than {@value #MAX_NESTING_LEVELS} levels.
 */
public final class ShadowMessages {
    public static final String TYPE_GET = "get";
    public static final String TYPE_UPDATE = "update";
    public static final String TYPE_DELTA = "delta";

    public static final int RESULT_OK = 0;
    /** fleetstorm's choice: the request is not JSON or a field has the wrong type. */
    public static final int RESULT_BAD_REQUEST = 5001;
    /** fleetstorm's choice: the request's type is neither get nor update. */
    public static final int RESULT_UNKNOWN_TYPE = 5002;
    /** fleetstorm's choice: the document would exceed {@link #MAX_DOCUMENT_BYTES}. */
    public static final int RESULT_DOCUMENT_TOO_LARGE = 5003;
    /** fleetstorm's choice: the state nests deeper than {@link #MAX_NESTING_LEVELS}. */
    public static final int RESULT_NESTING_TOO_DEEP = 5004;
    /** The version in an update is not the current one; the answer carries the whole document. */
    public static final int RESULT_VERSION_CONFLICT = 5005;

    public static final int MAX_DOCUMENT_BYTES = 16 * 1024;
    public static final int MAX_NESTING_LEVELS = 5;

    private ShadowMessages() {
    }

    /** {@code {"type":"get", "clientToken":"PID-0"}} */
    public static String getRequest(String clientToken) {
        return "{\"type\":\"get\", \"clientToken\":" + JsonText.quote(clientToken) + "}";
    }

    /** {@code {"type":"update", "state":{"reported":{...}}, ["version":N, ]"clientToken":"PID-1"}} */
    public static String updateRequest(JsonObject reported, String clientToken, Long versionOrNull) {
        return update("{\"reported\":" + reported.encode() + "}", clientToken, versionOrNull);
    }

    /** An update that reports state and clears desired: the SDK's acknowledgement of a delta. */
    public static String ackDeltaRequest(JsonObject reported, String clientToken, Long versionOrNull) {
        String state = reported == null ? "{\"desired\":null}"
                : "{\"reported\":" + reported.encode() + ", \"desired\":null}";
        return update(state, clientToken, versionOrNull);
    }

    /** The answer to get: the whole document; desired and delta appear only when not null. */
    public static String getReply(String clientToken, JsonObject reported, JsonObject desiredOrNull,
            JsonObject deltaOrNull, long timestampMs, long version, int result, long timestampS) {
        JsonObject state = documentState(reported, desiredOrNull, deltaOrNull);
        return reply(clientToken, payload(state, timestampMs, version), result, timestampS, TYPE_GET);
    }

    /** The answer to a successful update: only the fields the update changed. */
    public static String updateReply(String clientToken, JsonObject updatedReported, JsonObject updatedDesiredOrNull,
            long timestampMs, long version, int result, long timestampS) {
        JsonObject state = new JsonObject();
        if (updatedReported != null) {
            state.put("reported", updatedReported);
        }
        if (updatedDesiredOrNull != null) {
            state.put("desired", updatedDesiredOrNull);
        }
        return reply(clientToken, payload(state, timestampMs, version), result, timestampS, TYPE_UPDATE);
    }

    /** The answer to an update with a stale version: result 5005 and the whole current document. */
    public static String conflictReply(String clientToken, JsonObject reported, JsonObject desiredOrNull,
            JsonObject deltaOrNull, long timestampMs, long version, long timestampS) {
        JsonObject state = documentState(reported, desiredOrNull, deltaOrNull);
        return reply(clientToken, payload(state, timestampMs, version), RESULT_VERSION_CONFLICT, timestampS,
                TYPE_UPDATE);
    }

    /** An answer without payload; a null clientToken (unreadable request) is left out. */
    public static String errorReply(String type, String clientToken, int result, long timestampS) {
        return reply(clientToken, null, result, timestampS, type);
    }

    /** The whole document as a get answer's payload: {@code {"state":{...},"timestamp":<ms>,"version":N}}. */
    public static String document(JsonObject reported, JsonObject desiredOrNull, JsonObject deltaOrNull,
            long timestampMs, long version) {
        return payload(documentState(reported, desiredOrNull, deltaOrNull), timestampMs, version).encode();
    }

    /** {@code {"type":"delta","timestamp":<s>,"payload":{"state":{...},"version":N,"timestamp":<ms>}}} */
    public static String delta(JsonObject state, long version, long timestampMs, long timestampS) {
        JsonObject payload = new JsonObject().put("state", state).put("version", version).put("timestamp", timestampMs);
        return new JsonObject().put("type", TYPE_DELTA).put("timestamp", timestampS).put("payload", payload).encode();
    }

    /** How deep objects and arrays nest: a scalar is 0, {@code {"a":1}} is 1, {@code {"a":{"b":1}}} is 2. */
    public static int nestingDepth(Object value) {
        int deepest = 0;
        if (value instanceof JsonObject o) {
            for (Map.Entry<String, Object> e : o) {
                deepest = Math.max(deepest, nestingDepth(e.getValue()));
            }
            return deepest + 1;
        }
        if (value instanceof JsonArray a) {
            for (Object v : a) {
                deepest = Math.max(deepest, nestingDepth(v));
            }
            return deepest + 1;
        }
        return 0;
    }

    private static String update(String state, String clientToken, Long versionOrNull) {
        String version = versionOrNull == null ? "" : "\"version\":" + versionOrNull + ", ";
        return "{\"type\":\"update\", \"state\":" + state + ", " + version + "\"clientToken\":"
                + JsonText.quote(clientToken) + "}";
    }

    private static JsonObject documentState(JsonObject reported, JsonObject desired, JsonObject delta) {
        JsonObject state = new JsonObject().put("reported", reported == null ? new JsonObject() : reported);
        if (desired != null) {
            state.put("desired", desired);
        }
        if (delta != null) {
            state.put("delta", delta);
        }
        return state;
    }

    private static JsonObject payload(JsonObject state, long timestampMs, long version) {
        return new JsonObject().put("state", state).put("timestamp", timestampMs).put("version", version);
    }

    private static String reply(String clientToken, JsonObject payload, int result, long timestampS, String type) {
        JsonObject reply = new JsonObject();
        if (clientToken != null) {
            reply.put("clientToken", clientToken);
        }
        if (payload != null) {
            reply.put("payload", payload);
        }
        return reply.put("result", result).put("timestamp", timestampS).put("type", type).encode();
    }
}
