package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.ServiceStats;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the hub's services; written from every event loop and the API server, read as {@link ServiceStats}. */
final class ServiceCounters {

    final ConcurrentHashMap<String, LongAdder> shadowRequests = new ConcurrentHashMap<>();
    final ConcurrentHashMap<Integer, LongAdder> shadowResults = new ConcurrentHashMap<>();
    final LongAdder deltasPushed = new LongAdder();
    final LongAdder timeReplies = new LongAdder();
    final LongAdder otaVersionReports = new LongAdder();
    final LongAdder otaCommandsSent = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> otaProgress = new ConcurrentHashMap<>();
    final LongAdder firmwareDownloads = new LongAdder();
    final LongAdder firmwareBytesServed = new LongAdder();
    final LongAdder firmwareDownloadsRefused = new LongAdder();
    final LongAdder firmwareRangeUnsatisfiable = new LongAdder();
    final LongAdder firmwareUploads = new LongAdder();
    /** Reads the firmware store's bytes on disk; set by the services once the store exists. */
    java.util.function.LongSupplier firmwareBytesStored = () -> 0;
    final LongAdder rrpcRequests = new LongAdder();
    final LongAdder rrpcTimeouts = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> apiRequests = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, LongAdder> apiErrors = new ConcurrentHashMap<>();

    static <K> void increment(ConcurrentHashMap<K, LongAdder> counters, K key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    ServiceStats snapshot() {
        return new ServiceStats(sums(shadowRequests), sums(shadowResults), deltasPushed.sum(), timeReplies.sum(),
                otaVersionReports.sum(), otaCommandsSent.sum(), sums(otaProgress), firmwareDownloads.sum(),
                firmwareBytesServed.sum(), rrpcRequests.sum(), rrpcTimeouts.sum(), sums(apiRequests),
                sums(apiErrors), firmwareDownloadsRefused.sum(), firmwareRangeUnsatisfiable.sum(),
                firmwareUploads.sum(), firmwareBytesStored.getAsLong());
    }

    private static <K extends Comparable<K>> Map<K, Long> sums(ConcurrentHashMap<K, LongAdder> counters) {
        TreeMap<K, Long> sorted = new TreeMap<>();
        counters.forEach((k, v) -> sorted.put(k, v.sum()));
        return java.util.Collections.unmodifiableMap(sorted);
    }
}
