package io.fleetstorm.capacity;

import java.util.Locale;

/** What one capacity step found. */
public enum Outcome {
    /** Every threshold and default sanity rule held over the measurement, and the generator kept up. */
    PASS,
    /** A threshold or sanity rule failed (or was clearly lost and the step stopped early): the target's limit. */
    FAIL,
    /** The generator fell behind: the step says nothing about the target (more agents are needed to go higher). */
    GENERATOR,
    /** No device ever reached the target. */
    UNREACHABLE,
    /** Stopped from outside (a signal, lost agents). */
    ABORTED;

    /** The lower-case name used in capacity.json and on the console. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
