package io.fleetstorm.report;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.CounterKey;
import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.ErrorKind;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sentences a summary is made of, written once so that the console, summary.txt, report.html and junit.xml say
 * the same thing in the same words: devices, retries, abandoned operations, target outages, outcomes per group, and
 * the explanation of each error.
 */
public final class SummaryLines {

    /** The header of the outcome lines. */
    public static final String OUTCOMES_HEADER = "outcomes (the names thresholds use, e.g. 'ota.succeeded >= 86'):";

    private SummaryLines() {
    }

    /**
     * {@code devices: 48 connected at least once, 2 never connected; 37 connect retries; 0 API retries}; a result
     * that counted no devices (an older summary) says so rather than print zeros.
     */
    public static String devices(ResultSection run) {
        long once = run.counter(Counter.DEVICES_CONNECTED_ONCE);
        long never = run.counter(Counter.DEVICES_NEVER_CONNECTED);
        // with gateways, logical devices (sub-devices online through them) and sockets are counted apart
        long sockets = run.counter(Counter.SOCKETS_CONNECTED_ONCE);
        String over = sockets > 0 && sockets != once ? " (over " + sockets + " sockets)" : "";
        return String.format(Locale.ROOT, "devices: %s; %d connect retries; %d API retries", once + never == 0
                        ? "not counted by this run" + over
                        : once + " connected at least once, " + never + " never connected" + over,
                run.counter(Counter.CONNECT_RETRIES), run.counter(Counter.API_RETRIES));
    }

    /** {@code abandoned at end: 31 (operations the run's end cut off; not errors)}. */
    public static String abandoned(ResultSection run) {
        return "abandoned at end: " + run.counter(Counter.ABANDONED) + " (operations the run's end cut off; not "
                + "errors)";
    }

    /**
     * {@code target outage in group G at 12.3 s: 200 dropped, 50 % back after 1.9 s, 99 % after 4.1 s, all after
     * 4.6 s, 0 never back, 31 QoS 1 unacknowledged}.
     */
    public static String outage(Outage o, RunResult r) {
        return String.format(Locale.ROOT, "target outage in group %s at %.1f s: %d dropped, 50 %% back %s, 99 %% %s, "
                        + "all %s, %d never back, %d QoS 1 unacknowledged", o.group(),
                r.secondsAt(o.startEpochMillis()), o.dropped(), after(o.back50Millis()), after(o.back99Millis()),
                after(o.back100Millis()), o.neverBack(), o.qos1Unacknowledged());
    }

    private static String after(long millis) {
        return millis < 0 ? "never" : String.format(Locale.ROOT, "after %.1f s", millis / 1000.0);
    }

    /**
     * One line per group with something to say, by {@link Outcome} name: {@code cams: messages.sent 600 (QoS 0:
     * 100, QoS 1: 500), publish-ack.count 500, messages.received 20, ota.commanded 9, ota.succeeded 8, ota.failed 1}.
     */
    public static List<String> outcomes(ResultSection run, List<String> groups) {
        List<String> lines = new ArrayList<>();
        for (String group : groups) {
            List<String> parts = new ArrayList<>();
            long sent = run.counter(Counter.MESSAGES_SENT, group);
            if (sent > 0) {
                Map<Integer, Long> byQos = new TreeMap<>();
                for (Map.Entry<CounterKey, Long> e : run.counters().entrySet()) {
                    if (e.getKey().counter() == Counter.MESSAGES_SENT && e.getKey().group().equals(group)) {
                        byQos.merge(e.getKey().qos(), e.getValue(), Long::sum);
                    }
                }
                List<String> qos = new ArrayList<>();
                byQos.forEach((q, n) -> qos.add("QoS " + q + ": " + n));
                parts.add("messages.sent " + sent + " (" + String.join(", ", qos) + ")");
                long acked = run.latency(Operation.PUBLISH_ACK, group).corrected().getTotalCount();
                if (acked > 0) {
                    parts.add("publish-ack.count " + acked);
                }
            }
            add(parts, run, group, Outcome.MESSAGES_RECEIVED, false);
            boolean ota = run.counter(Counter.OTA_COMMANDED, group) > 0;
            add(parts, run, group, Outcome.OTA_COMMANDED, ota);
            add(parts, run, group, Outcome.OTA_SUCCEEDED, ota);
            add(parts, run, group, Outcome.OTA_FAILED, ota);
            add(parts, run, group, Outcome.SHADOW_DELTAS, false);
            add(parts, run, group, Outcome.CONNECTIONS_LOST, false);
            if (!parts.isEmpty()) {
                lines.add(group + ": " + String.join(", ", parts));
            }
        }
        return lines;
    }

    private static void add(List<String> parts, ResultSection run, String group, Outcome o, boolean evenIfZero) {
        long n = run.counter(o.counter(), group);
        if (n > 0 || evenIfZero) {
            parts.add(o.outcomeName() + " " + n);
        }
    }

    /** What an error means, one line; empty for a kind outside the catalogue (printed as it is). */
    public static String explain(ErrorKey key) {
        return ErrorKind.explain(key.kind(), key.reason()).orElse("");
    }

    /** A ratio (0..1) as a percentage a person reads: {@code 58.8%}, {@code 100%}, {@code n/a} below 0. */
    public static String percent(double ratio) {
        if (ratio < 0 || Double.isNaN(ratio)) {
            return "n/a";
        }
        double p = ratio * 100;
        return p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f%%", p) : String.format(Locale.ROOT, "%.1f%%", p);
    }
}
