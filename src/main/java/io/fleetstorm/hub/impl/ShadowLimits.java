package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.ShadowMessages;
import io.vertx.core.json.JsonObject;

/** The request-level checks of a shadow update: something to update, and nesting within the limit. */
final class ShadowLimits {

    private ShadowLimits() {
    }

    /** 0 when the update may proceed, else the result code to answer with. */
    static int check(JsonObject reported, JsonObject desired, boolean clearsDesired) {
        if (reported == null && desired == null && !clearsDesired) {
            return ShadowMessages.RESULT_BAD_REQUEST; // neither reported nor desired: nothing to update
        }
        if (tooDeep(reported) || tooDeep(desired)) {
            return ShadowMessages.RESULT_NESTING_TOO_DEEP;
        }
        return ShadowMessages.RESULT_OK;
    }

    /**
     * The reported (or desired) object itself is level 1: {@code "reported":{"a":{"b":1}}} nests 2 levels, so
     * {@code {"a":{"b":{"c":{"d":{"e":1}}}}}} (5 levels) is the deepest state allowed.
     */
    private static boolean tooDeep(JsonObject state) {
        return state != null && ShadowMessages.nestingDepth(state) > ShadowMessages.MAX_NESTING_LEVELS;
    }
}
