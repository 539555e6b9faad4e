package io.fleetstorm.protocol;

import io.vertx.core.json.JsonObject;

/**
 * A shadow request as the hub reads it from {@code $shadow/operation/PID/DN}.
 *
 * <p>Any non-empty type parses, so the hub can still answer an unknown type with its clientToken; state is
 * required for update and may be null otherwise; version is null when absent.
 */
public record ShadowRequest(String type, String clientToken, JsonObject state, Long version) {
    private static final String WHAT = "shadow request";

    /** Parses and checks field types; the error text says which field is wrong. */
    public static ShadowRequest parse(String json) throws ProtocolException {
        JsonObject o = JsonText.parseObject(json, WHAT);
        String type = JsonText.string(o, "type", WHAT);
        if (type.isEmpty()) {
            throw new ProtocolException(WHAT + " \"type\" is empty");
        }
        String clientToken = JsonText.optionalString(o, "clientToken", WHAT);
        JsonObject state = JsonText.optionalObject(o, "state", WHAT);
        Long version = JsonText.optionalLong(o, "version", WHAT, false);
        if (version != null && version < 0) {
            throw new ProtocolException(WHAT + " \"version\" must be >= 0, but was " + version);
        }
        if (ShadowMessages.TYPE_UPDATE.equals(type)) {
            if (state == null) {
                throw new ProtocolException("shadow update request has no \"state\"");
            }
            JsonText.optionalObject(state, "reported", "shadow update state");
            JsonText.optionalObject(state, "desired", "shadow update state");
        }
        return new ShadowRequest(type, clientToken, state, version);
    }

    /** The reported fields to merge, or null when the request reports nothing. */
    public JsonObject reported() {
        return state == null ? null : state.getJsonObject("reported");
    }

    /** The desired fields to merge, or null. */
    public JsonObject desired() {
        return state == null ? null : state.getJsonObject("desired");
    }

    /** Whether the request sends {@code "desired":null}, the SDK's way to clear desired after a delta. */
    public boolean clearsDesired() {
        return state != null && state.containsKey("desired") && state.getValue("desired") == null;
    }

    /** Whether the version must be checked: the document skips the check for an absent or 0 version. */
    public boolean checksVersion() {
        return version != null && version != 0;
    }
}
