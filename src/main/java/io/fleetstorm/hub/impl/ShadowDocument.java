package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.ShadowMessages;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * One device's shadow: reported and desired state, version and last update time. Updates of one device may come
 * from its event loop and from the API at once, so every method holds this object's monitor (the hub is not device
 * code; a per-document lock is short and uncontended in practice).
 */
final class ShadowDocument {

    /** A consistent copy of the document; desired and delta are null when there is no desired state. */
    record Snapshot(JsonObject reported, JsonObject desired, JsonObject delta, long version, long timestampMs) {
    }

    /** The result of an update (0, 5003 or 5005) and the document after it (unchanged unless 0). */
    record Outcome(int result, Snapshot document) {
        boolean ok() {
            return result == ShadowMessages.RESULT_OK;
        }
    }

    private JsonObject reported = new JsonObject();
    private JsonObject desired;
    private long version;
    private long timestampMs;

    ShadowDocument(long createdMs) {
        this.timestampMs = createdMs;
    }

    synchronized Snapshot snapshot() {
        JsonObject delta = desired == null ? null : JsonMerge.delta(reported, desired);
        return new Snapshot(reported.copy(), desired == null ? null : desired.copy(), delta, version, timestampMs);
    }

    synchronized long version() {
        return version;
    }

    /**
     * Applies an update as one step: the version check, the merge, the size check, then the commit.
     *
     * @param reportedPatch   fields to merge into reported, or null
     * @param desiredPatch    fields to merge into desired, or null
     * @param clearDesired    {@code "desired":null}: drop the whole desired state (before merging desiredPatch)
     * @param expectedVersion the version the update was made against, or null when not checked
     */
    synchronized Outcome update(JsonObject reportedPatch, JsonObject desiredPatch, boolean clearDesired,
            Long expectedVersion, long nowMs) {
        if (expectedVersion != null && expectedVersion != version) {
            return new Outcome(ShadowMessages.RESULT_VERSION_CONFLICT, snapshot());
        }
        JsonObject newReported = reportedPatch == null ? reported : JsonMerge.merge(reported, reportedPatch);
        JsonObject newDesired = clearDesired ? null : desired;
        if (desiredPatch != null) {
            newDesired = JsonMerge.merge(newDesired == null ? new JsonObject() : newDesired, desiredPatch);
        }
        if (newDesired != null && newDesired.isEmpty()) {
            newDesired = null; // an empty desired state is no desired state: get shows neither desired nor delta
        }
        if (encodedBytes(newReported, newDesired) > ShadowMessages.MAX_DOCUMENT_BYTES) {
            return new Outcome(ShadowMessages.RESULT_DOCUMENT_TOO_LARGE, snapshot());
        }
        reported = newReported;
        desired = newDesired;
        version++;
        timestampMs = nowMs;
        return new Outcome(ShadowMessages.RESULT_OK, snapshot());
    }

    private static int encodedBytes(JsonObject reported, JsonObject desired) {
        JsonObject state = new JsonObject().put("reported", reported);
        if (desired != null) {
            state.put("desired", desired);
        }
        return state.encode().getBytes(StandardCharsets.UTF_8).length;
    }
}
