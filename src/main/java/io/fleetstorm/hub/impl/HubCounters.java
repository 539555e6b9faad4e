package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.CloseReason;
import io.fleetstorm.hub.DropReason;
import io.fleetstorm.hub.HubStats;
import io.fleetstorm.hub.RefusalReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The hub's own counters; written from every event loop, read by {@link io.fleetstorm.hub.Hub#stats()}. */
final class HubCounters {

    final LongAdder connectionsOpen = new LongAdder();
    final LongAdder connectsAccepted = new LongAdder();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder willsIgnored = new LongAdder();
    final LongAdder retainIgnored = new LongAdder();
    final LongAdder unknownSdkAppIds = new LongAdder();
    private final LongAdder[] refusals = adders(RefusalReason.values().length);
    private final LongAdder[] drops = adders(DropReason.values().length);
    private final LongAdder[] disconnects = adders(CloseReason.values().length);

    void refused(RefusalReason reason) {
        refusals[reason.ordinal()].increment();
    }

    void dropped(DropReason reason) {
        drops[reason.ordinal()].increment();
    }

    void disconnected(CloseReason reason) {
        disconnects[reason.ordinal()].increment();
    }

    HubStats snapshot(long sessionsStored, long offlineQueued) {
        return new HubStats(connectionsOpen.sum(), connectsAccepted.sum(),
                toMap(RefusalReason.class, RefusalReason.values(), refusals), messagesIn.sum(), messagesOut.sum(),
                bytesIn.sum(), bytesOut.sum(), toMap(DropReason.class, DropReason.values(), drops),
                toMap(CloseReason.class, CloseReason.values(), disconnects), willsIgnored.sum(), retainIgnored.sum(),
                unknownSdkAppIds.sum(), sessionsStored, offlineQueued);
    }

    private static <E extends Enum<E>> Map<E, Long> toMap(Class<E> type, E[] values, LongAdder[] adders) {
        EnumMap<E, Long> map = new EnumMap<>(type);
        for (E value : values) {
            map.put(value, adders[value.ordinal()].sum());
        }
        return Map.copyOf(map);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] result = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            result[i] = new LongAdder();
        }
        return result;
    }
}
