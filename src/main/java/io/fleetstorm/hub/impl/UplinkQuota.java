package io.fleetstorm.hub.impl;

/**
 * Messages per second of one device, counted in fixed one-second windows (what the cloud documents as
 * "30 msg/s"); confined to the connection's event loop.
 */
final class UplinkQuota {

    private final int perSecond;
    private long windowStartMillis = Long.MIN_VALUE / 2;
    private int used;

    UplinkQuota(int perSecond) {
        this.perSecond = perSecond;
    }

    boolean tryAcquire(long nowMillis) {
        if (nowMillis - windowStartMillis >= 1000) {
            windowStartMillis = nowMillis;
            used = 0;
        }
        if (used >= perSecond) {
            return false;
        }
        used++;
        return true;
    }
}
