package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.ProtocolStats;
import io.fleetstorm.hub.ViolationRule;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what clients do outside the protocol and says so in the log: one WARN line per violation, with the client's
 * address, the rule and what happened, at most {@link #DEFAULT_LINES_PER_SECOND} lines a second; the rest are
 * summed up in one "suppressed" line per second, so a storm of broken clients cannot flood the log. Also keeps the
 * number of sockets that have not sent CONNECT yet. Thread-safe: every event loop reports here.
 */
final class ProtocolViolations {

    static final int DEFAULT_LINES_PER_SECOND = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolViolations.class);
    private static final ViolationRule[] RULES = ViolationRule.values();
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Sockets open on an MQTT port that have not sent CONNECT. */
    final LongAdder pending = new LongAdder();
    private final LongAdder[] counts = new LongAdder[RULES.length];
    private final int linesPerSecond;
    private final LongSupplier nanoClock;
    private final Logger log;
    // the log budget, guarded by this
    private long windowStartNanos;
    private int logged;
    private final int[] suppressed = new int[RULES.length];
    private int suppressedTotal;

    ProtocolViolations() {
        this(DEFAULT_LINES_PER_SECOND, System::nanoTime, LOG);
    }

    ProtocolViolations(int linesPerSecond, LongSupplier nanoClock, Logger log) {
        this.linesPerSecond = linesPerSecond;
        this.nanoClock = nanoClock;
        this.log = log;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
        this.windowStartNanos = nanoClock.getAsLong();
    }

    /**
     * One violation.
     *
     * @param address  the client's address, as the socket reports it
     * @param clientId the ClientId when known (after CONNECT), else null
     * @param outcome  what the hub did about it, e.g. "connection closed"
     */
    void report(ViolationRule rule, Object address, String clientId, String detail, String outcome) {
        counts[rule.ordinal()].increment();
        String summary;
        boolean logIt;
        synchronized (this) {
            summary = rollWindow();
            logIt = logged < linesPerSecond;
            if (logIt) {
                logged++;
            } else {
                suppressed[rule.ordinal()]++;
                suppressedTotal++;
            }
        }
        if (summary != null) {
            log.warn(summary);
        }
        if (logIt) {
            log.warn("protocol violation by {}{}: {} ({}{}); {}", addressOf(address),
                    clientId == null ? "" : " (client " + printable(clientId) + ")", rule.label(),
                    rule.description(), detail == null ? "" : ": " + printable(detail), outcome);
        }
    }

    /** Logs the "suppressed" line of a window that has ended, if any; called once a second by the hub. */
    void flush() {
        String summary;
        synchronized (this) {
            summary = rollWindow();
        }
        if (summary != null) {
            log.warn(summary);
        }
    }

    /** Starts a new window when the current one is over; returns the summary of the old one, if it suppressed any. */
    private String rollWindow() {
        long now = nanoClock.getAsLong();
        if (now - windowStartNanos < SECOND) {
            return null;
        }
        windowStartNanos = now;
        logged = 0;
        if (suppressedTotal == 0) {
            return null;
        }
        StringJoiner byRule = new StringJoiner(", ");
        for (int i = 0; i < suppressed.length; i++) {
            if (suppressed[i] > 0) {
                byRule.add(RULES[i].label() + " " + suppressed[i]);
                suppressed[i] = 0;
            }
        }
        String summary = "suppressed " + suppressedTotal + " similar protocol violation line(s) (" + byRule
                + "); every violation is counted in fleetstorm_hub_protocol_violations_total";
        suppressedTotal = 0;
        return summary;
    }

    ProtocolStats stats() {
        Map<ViolationRule, Long> byRule = new EnumMap<>(ViolationRule.class);
        for (ViolationRule rule : RULES) {
            byRule.put(rule, counts[rule.ordinal()].sum());
        }
        return new ProtocolStats(Math.max(0, pending.sum()), Map.copyOf(byRule));
    }

    /** {@code 127.0.0.1:40122} rather than the socket address's {@code /127.0.0.1:40122}. */
    static String addressOf(Object address) {
        if (address instanceof java.net.InetSocketAddress a && a.getAddress() != null) {
            String host = a.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
        }
        return String.valueOf(address);
    }

    /** What a client sent may be printed: control characters escaped, at most 64 characters. */
    static String printable(String value) {
        StringBuilder sb = new StringBuilder(Math.min(value.length(), 70));
        for (int i = 0; i < value.length() && i < 64; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return value.length() > 64 ? sb + "..." : sb.toString();
    }
}
