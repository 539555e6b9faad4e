package io.fleetstorm.device;

import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The mark an application's configuration push carries so that every device that receives it can time it: the
 * push's intended and sent instants ({@code nanoTime} of this process) and a token of this process, so that a push
 * from another fleetstorm process (another agent of a cluster run, whose clock is not ours) is counted but not timed.
 * The configuration the application sets is {@code {"fleetstorm":{"origin":..,"push":n,"intendedNanos":..,
 * "sentNanos":..}}}.
 */
public final class ConfigPushMark {

    /** This process's token. */
    static final String ORIGIN = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    static final String KEY = "fleetstorm";

    private ConfigPushMark() {
    }

    /** The configuration object of push {@code n}. */
    public static JsonObject config(long n, long intendedNanos, long sentNanos) {
        return new JsonObject().put(KEY, new JsonObject().put("origin", ORIGIN).put("push", n)
                .put("intendedNanos", intendedNanos).put("sentNanos", sentNanos));
    }

    /** The mark of a push this process made, or null (another origin, or no mark at all). */
    static JsonObject ours(JsonObject payload) {
        Object mark = payload == null ? null : payload.getValue(KEY);
        if (mark instanceof JsonObject m && ORIGIN.equals(m.getValue("origin"))
                && m.getValue("intendedNanos") instanceof Number && m.getValue("sentNanos") instanceof Number) {
            return m;
        }
        return null;
    }
}
