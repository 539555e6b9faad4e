package io.fleetstorm.provision;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** What a provision or deprovision did, device by device, and its failures by cause (the API's error code). */
public final class ProvisionCounts {

    /** Devices this run created (provision) or deleted (deprovision). */
    final AtomicLong done = new AtomicLong();
    /** Devices an earlier run created (provision) or deleted (deprovision): nothing to do. */
    final AtomicLong already = new AtomicLong();
    /** Devices the target had before provision touched it: used, never created nor deleted. */
    final AtomicLong existedBefore = new AtomicLong();
    /** Devices a killed run had been creating that turned out to exist: confirmed as provision's own. */
    final AtomicLong recovered = new AtomicLong();
    /** API calls sent (retries after RequestLimitExceeded included). */
    final AtomicLong calls = new AtomicLong();
    private final Map<String, AtomicLong> failures = new TreeMap<>();
    private final Map<String, String> examples = new TreeMap<>();

    synchronized void failed(String cause) {
        failures.computeIfAbsent(cause, k -> new AtomicLong()).incrementAndGet();
    }

    /** A failure with the API's message (the first of each cause is kept to show; it never carries a secret). */
    synchronized void failed(String cause, String message) {
        failed(cause);
        if (message != null) {
            examples.putIfAbsent(cause, message);
        }
    }

    /** The first message of each cause that had one. */
    public synchronized Map<String, String> examples() {
        return new TreeMap<>(examples);
    }

    public long done() {
        return done.get();
    }

    public long already() {
        return already.get();
    }

    public long existedBefore() {
        return existedBefore.get();
    }

    public long recovered() {
        return recovered.get();
    }

    public long calls() {
        return calls.get();
    }

    /** Failures by cause, sorted by cause. */
    public synchronized Map<String, Long> failures() {
        Map<String, Long> out = new TreeMap<>();
        failures.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public synchronized long failedTotal() {
        return failures.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
