package io.fleetstorm.device;

import java.util.random.RandomGenerator;

/**
 * The attempts of one connect, from the instant it was first due (a ramp's slot, or the first reconnect after a
 * drop) until a CONNACK 0 or giving up: when each attempt began, its CONNACK deadline, and the back-off so far. A
 * connected device holds none, so it costs nothing while the link is up.
 */
final class ConnectAttempts {

    static final long NOT_DUE = Long.MIN_VALUE;

    /** When the connect was first due: the latency of a connect that needed retries is measured from here. */
    long firstDueNanos = NOT_DUE;
    /** When the current attempt began (its service time starts here). */
    long sentNanos;
    /** The current attempt's CONNACK deadline. */
    long deadlineNanos;
    /** Attempts that failed so far. */
    int failures;
    /** The last back-off wait, 0 before the first. */
    long lastWaitMs;
    /** The back-off waited so far. */
    long waitedMs;

    void began(long intendedNanos, long nowNanos, long deadline) {
        if (firstDueNanos == NOT_DUE) {
            firstDueNanos = intendedNanos;
        }
        sentNanos = nowNanos;
        deadlineNanos = deadline;
    }

    /** The next back-off wait, or -1 when the profile gives up instead. */
    long nextWaitMs(DeviceProfile.Backoff backoff, RandomGenerator random) {
        long wait = lastWaitMs == 0 ? backoff.firstWaitMs(random) : backoff.nextWaitMs(lastWaitMs);
        if (backoff.givesUp(waitedMs, wait)) {
            return -1;
        }
        lastWaitMs = wait;
        waitedMs += wait;
        return wait;
    }
}
