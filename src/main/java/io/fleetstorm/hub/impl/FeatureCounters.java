package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.FeatureStats;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the gateway, dynamic registration, remote configuration and resource features; written from every
 * event loop and the API server, read as {@link FeatureStats}.
 */
final class FeatureCounters {

    final ConcurrentHashMap<String, LongAdder> gatewayRequests = new ConcurrentHashMap<>();
    final ConcurrentHashMap<Integer, LongAdder> gatewayResults = new ConcurrentHashMap<>();
    final LongAdder gatewayInvalid = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> registrations = new ConcurrentHashMap<>();
    final LongAdder configGets = new LongAdder();
    final LongAdder configPushes = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> resourceRequests = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, LongAdder> resourceTransfers = new ConcurrentHashMap<>();
    final LongAdder resourceBytesUploaded = new LongAdder();
    final LongAdder resourceBytesDownloaded = new LongAdder();

    FeatureStats snapshot(int bindings, int subDevicesOnline) {
        return new FeatureStats(bindings, subDevicesOnline, sums(gatewayRequests), sums(gatewayResults),
                gatewayInvalid.sum(), sums(registrations), configGets.sum(), configPushes.sum(),
                sums(resourceRequests), sums(resourceTransfers), resourceBytesUploaded.sum(),
                resourceBytesDownloaded.sum());
    }

    static <K> void increment(ConcurrentHashMap<K, LongAdder> counters, K key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static <K extends Comparable<K>> Map<K, Long> sums(ConcurrentHashMap<K, LongAdder> counters) {
        TreeMap<K, Long> sorted = new TreeMap<>();
        counters.forEach((k, v) -> sorted.put(k, v.sum()));
        return Collections.unmodifiableMap(sorted);
    }
}
