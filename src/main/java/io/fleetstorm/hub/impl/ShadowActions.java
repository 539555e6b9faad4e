package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.ShadowMessages;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** UpdateDeviceShadow and DescribeDeviceShadow; Data is the document as a JSON string. */
final class ShadowActions {

    /** The cloud API's limit on State. */
    static final int MAX_STATE_BYTES = 8 * 1024;

    private final ApiLookup lookup;
    private final ShadowService shadow;

    ShadowActions(ApiLookup lookup, ShadowService shadow) {
        this.lookup = lookup;
        this.shadow = shadow;
    }

    void register(ApiServer api) {
        api.action("UpdateDeviceShadow", ApiAction.sync(this::update))
                .action("DescribeDeviceShadow", ApiAction.sync(this::describe));
    }

    /** State is {@code {"desired":{...}}} or {@code {"desired":null}}; ShadowVersion must be the current version. */
    private JsonObject update(ApiParams params) {
        DeviceId id = lookup.device(params);
        String text = params.string("State");
        long version = params.integer("ShadowVersion");
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_STATE_BYTES) {
            throw ApiException.invalidValue("State", "must be at most " + MAX_STATE_BYTES + " bytes");
        }
        JsonObject state;
        try {
            state = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw ApiException.invalidValue("State", "must be a JSON object such as {\"desired\":{...}}");
        }
        if (!state.containsKey("desired") || state.size() != 1
                || !(state.getValue("desired") == null || state.getValue("desired") instanceof JsonObject)) {
            throw ApiException.invalidValue("State", "must hold only \"desired\", an object or null");
        }
        JsonObject desired = state.getJsonObject("desired");
        if (desired != null && ShadowMessages.nestingDepth(desired) > ShadowMessages.MAX_NESTING_LEVELS) {
            throw ApiException.invalidValue("State", "must not nest deeper than " + ShadowMessages.MAX_NESTING_LEVELS
                    + " levels");
        }
        ShadowDocument.Outcome outcome = shadow.updateDesired(id, desired, desired == null, version);
        switch (outcome.result()) {
            case ShadowMessages.RESULT_OK -> {
                return data(outcome.document());
            }
            case ShadowMessages.RESULT_VERSION_CONFLICT -> throw new ApiException(ApiException.VERSION_NOT_MATCH,
                    "ShadowVersion " + version + " is not the shadow's version " + outcome.document().version() + ".");
            default -> throw ApiException.invalidValue("State", "would make the shadow document larger than "
                    + ShadowMessages.MAX_DOCUMENT_BYTES + " bytes");
        }
    }

    private JsonObject describe(ApiParams params) {
        return data(shadow.snapshot(lookup.device(params)));
    }

    private static JsonObject data(ShadowDocument.Snapshot doc) {
        return new JsonObject().put("Data",
                ShadowMessages.document(doc.reported(), doc.desired(), doc.delta(), doc.timestampMs(), doc.version()));
    }
}
