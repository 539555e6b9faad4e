package io.fleetstorm.device;

import io.fleetstorm.metrics.Operation;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A device's shadow requests in flight (by clientToken), the last shadow version it saw, and the desired change it
 * expects from the application. Created on first use; confined to the device's event loop.
 */
final class ShadowClient {

    final Map<String, Pending> byToken = new HashMap<>(4);
    long lastVersion;
    /** The application's desired change the device waits to see as a delta (null when none). */
    Pending expectedDelta;

    int sweep(long now, VirtualDevice device) {
        int expired = 0;
        Iterator<Pending> it = byToken.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (now > p.deadlineNanos) {
                it.remove();
                device.timedOut(p.operation);
                expired++;
            }
        }
        if (expectedDelta != null && now > expectedDelta.deadlineNanos) {
            device.timedOut(Operation.SHADOW_DELTA);
            expectedDelta = null;
        }
        return expired;
    }

    int inFlight() {
        return byToken.size() + (expectedDelta == null ? 0 : 1);
    }
}
