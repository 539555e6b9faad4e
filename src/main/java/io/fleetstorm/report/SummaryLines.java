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
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sentences a summary is made of, written once so that the console, summary.txt, report.html and junit.xml say
 * the same thing in the same words: devices, retries, abandoned operations, target outages, the outcome of each
 * behaviour per group (messages by QoS, the OTA funnel, reconnect storms, shadow changes, downlinks), and the
 * explanation of each error. Numbers are written by {@link Human}; every share of devices names its exact count.
 */
public final class SummaryLines {

    /** The header of the outcome lines. */
    public static final String OUTCOMES_HEADER = "outcomes (the names thresholds use, e.g. 'ota.succeeded >= 86'):";

    private static final Pattern OTA_FAILURE = Pattern.compile(
            "the device reported the upgrade failed \\((-?\\d+)\\)(?:: ([^;]*))?.*");

    private SummaryLines() {
    }

    /**
     * {@code devices: 1,000 in the run; 998 connected at least once, 2 never connected; 37 connect retries; 0 API
     * retries}; a result that counted no devices (an older summary) says so rather than print zeros.
     */
    public static String devices(ResultSection run) {
        long planned = run.counter(Counter.DEVICES_PLANNED);
        long once = run.counter(Counter.DEVICES_CONNECTED_ONCE);
        long never = run.counter(Counter.DEVICES_NEVER_CONNECTED);
        // with gateways, logical devices (sub-devices online through them) and sockets are counted apart
        long sockets = run.counter(Counter.SOCKETS_CONNECTED_ONCE);
        String over = sockets > 0 && sockets != once ? " (over " + Human.count(sockets) + " sockets)" : "";
        String connected = once + never == 0 ? "connections not counted by this run" + over
                : Human.count(once) + " connected at least once, " + Human.count(never) + " never connected" + over;
        return "devices: " + (planned > 0 ? Human.count(planned) + " in the run; " : "") + connected + "; "
                + Human.count(run.counter(Counter.CONNECT_RETRIES)) + " connect retries; "
                + Human.count(run.counter(Counter.API_RETRIES)) + " API retries";
    }

    /** {@code abandoned at end: 31 (operations the run's end cut off; not errors)}. */
    public static String abandoned(ResultSection run) {
        return "abandoned at end: " + Human.count(run.counter(Counter.ABANDONED)) + " (operations the run's end cut "
                + "off; not errors)";
    }

    /** The outages of a result that nobody planned (target outages); reconnect storms are outcomes of a group. */
    public static List<Outage> targetOutages(RunResult r) {
        return r.outages().stream().filter(o -> !o.planned()).toList();
    }

    /**
     * {@code target outage in group G at 12s: 200 dropped, 50% back after 1.9s, 99% after 4.1s, all after 4.6s, 0
     * never back, 31 QoS 1 unacknowledged}; a reconnect storm: {@code reconnect storm in group G at 1m0s: 486 of
     * 1,000 devices (48.6%) dropped, 50% back after ...}.
     */
    public static String outage(Outage o, RunResult r) {
        long devices = o.planned() ? r.run().counter(Counter.DEVICES_PLANNED, o.group()) : 0;
        String dropped = devices > 0 ? Human.share(o.dropped(), devices, "devices") + " dropped"
                : Human.count(o.dropped()) + " dropped";
        return (o.planned() ? "reconnect storm" : "target outage") + " in group " + o.group() + " at "
                + Human.duration(r.secondsAt(o.startEpochMillis())) + ": " + dropped + ", " + recovery(o)
                + (o.planned() ? "" : ", " + Human.count(o.qos1Unacknowledged()) + " QoS 1 unacknowledged");
    }

    /** {@code 50% back after 1.9s, 99% after 4.1s, all after 4.6s, 0 never back}. */
    private static String recovery(Outage o) {
        return "50% back " + after(o.back50Millis()) + ", 99% " + after(o.back99Millis()) + ", all "
                + after(o.back100Millis()) + ", " + Human.count(o.neverBack()) + " never back";
    }

    private static String after(long millis) {
        return millis < 0 ? "never" : "after " + ValueKind.formatSeconds(millis / 1000.0);
    }

    /**
     * The outcome of each behaviour, one line per group and behaviour with something to say, by {@link Outcome}
     * name: {@code cams messages: messages.sent 600 (QoS 0: 100; QoS 1: 500, publish-ack.count 480 acknowledged, 20
     * not), messages.received 20}, {@code cams ota: ota.targeted 9 of 100 devices (9%), ota.commanded 9, ...}.
     */
    public static List<String> outcomes(ResultSection run, List<String> groups) {
        return outcomes(run, groups, List.of());
    }

    /** As {@link #outcomes(ResultSection, List)}, with the reconnect storms' recoveries among {@code outages}. */
    public static List<String> outcomes(ResultSection run, List<String> groups, List<Outage> outages) {
        List<String> lines = new ArrayList<>();
        for (String group : groups) {
            addLine(lines, group, "messages", messages(run, group));
            addLine(lines, group, "ota", ota(run, group));
            addLine(lines, group, "reconnect storm", storms(run, group, outages));
            addLine(lines, group, "shadow", shadow(run, group));
            addLine(lines, group, "downlinks", downlinks(run, group));
            long lost = Outcome.CONNECTIONS_LOST.count(run, group);
            if (lost > 0) {
                addLine(lines, group, "connections", Outcome.CONNECTIONS_LOST.outcomeName() + " " + Human.count(lost)
                        + " (unplanned), " + Outcome.CONNECT_RETRIES.outcomeName() + " "
                        + Human.count(run.counter(Counter.CONNECT_RETRIES, group)));
            }
        }
        return lines;
    }

    /** The outcome lines of a result: its run section, its groups, its storms. */
    public static List<String> outcomes(RunResult r) {
        return outcomes(r.run(), r.info().groups(), r.outages());
    }

    private static void addLine(List<String> lines, String group, String behaviour, String text) {
        if (!text.isEmpty()) {
            lines.add(group + " " + behaviour + ": " + text);
        }
    }

    /**
     * The devices' own PUBLISH packets by QoS (QoS 0 included: nothing acknowledges them), and by behaviour when more
     * than one sent; QoS 1 with how many were acknowledged ({@code publish-ack.count}) and how many not.
     */
    private static String messages(ResultSection run, String group) {
        long sent = Outcome.MESSAGES_SENT.count(run, group);
        long received = run.counter(Counter.MESSAGES_RECEIVED, group);
        if (sent == 0 && received == 0) {
            return "";
        }
        Map<Integer, Long> byQos = new TreeMap<>();
        Map<String, Long> byBehaviour = new TreeMap<>();
        for (Map.Entry<CounterKey, Long> e : run.counters().entrySet()) {
            CounterKey k = e.getKey();
            if (k.counter() == Counter.MESSAGES_SENT && k.group().equals(group)
                    && !Outcome.ApplicationCalls.is(k.behaviour())) {
                byQos.merge(k.qos(), e.getValue(), Long::sum);
                byBehaviour.merge(k.behaviour().isEmpty() ? "other" : k.behaviour(), e.getValue(), Long::sum);
            }
        }
        List<String> qos = new ArrayList<>();
        byQos.forEach((q, n) -> {
            if (q == 1) {
                long acked = run.latency(Operation.PUBLISH_ACK, group).corrected().getTotalCount();
                qos.add("QoS 1: " + Human.count(n) + ", publish-ack.count " + Human.count(acked) + " acknowledged, "
                        + Human.count(Math.max(0, n - acked)) + " not");
            } else {
                qos.add("QoS " + q + ": " + Human.count(n));
            }
        });
        StringBuilder sb = new StringBuilder();
        if (sent > 0) {
            sb.append(Outcome.MESSAGES_SENT.outcomeName()).append(' ').append(Human.count(sent)).append(" (")
                    .append(String.join("; ", qos));
            if (byBehaviour.size() > 1) {
                List<String> parts = new ArrayList<>();
                byBehaviour.forEach((b, n) -> parts.add(b + " " + Human.count(n)));
                sb.append("; by behaviour: ").append(String.join(", ", parts));
            }
            sb.append(')');
        }
        if (received > 0) {
            sb.append(sb.length() == 0 ? "" : ", ").append(Outcome.MESSAGES_RECEIVED.outcomeName()).append(' ')
                    .append(Human.count(received));
        }
        return sb.toString();
    }

    /**
     * The OTA funnel: devices the task targeted (of the group), commands received, upgrades done, failed by readable
     * reason, and those still upgrading when the run ended.
     */
    private static String ota(ResultSection run, String group) {
        long targeted = run.counter(Counter.OTA_TARGETED, group);
        long commanded = run.counter(Counter.OTA_COMMANDED, group);
        if (targeted == 0 && commanded == 0) {
            return "";
        }
        long succeeded = run.counter(Counter.OTA_SUCCEEDED, group);
        long failed = run.counter(Counter.OTA_FAILED, group);
        List<String> parts = new ArrayList<>();
        if (targeted > 0) {
            parts.add(Outcome.OTA_TARGETED.outcomeName() + " " + ofDevices(run, group, targeted));
        }
        parts.add(Outcome.OTA_COMMANDED.outcomeName() + " " + Human.count(commanded));
        parts.add(Outcome.OTA_SUCCEEDED.outcomeName() + " " + Human.count(succeeded));
        String reasons = otaFailures(run, group);
        parts.add(Outcome.OTA_FAILED.outcomeName() + " " + Human.count(failed) + (reasons.isEmpty() ? ""
                : " (" + reasons + ")"));
        long open = commanded - succeeded - failed;
        if (open > 0) {
            parts.add(Human.count(open) + " unfinished at the end");
        }
        return String.join(", ", parts);
    }

    /** {@code 6 upgrade failed (-5), 4 download timeout (-1)}: the devices' failure codes, by count. */
    private static String otaFailures(ResultSection run, String group) {
        List<String> parts = new ArrayList<>();
        run.errors().entrySet().stream()
                .filter(e -> e.getKey().group().equals(group) && e.getKey().kind().equals("ota")
                        && e.getKey().reason().startsWith("fail_"))
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> parts.add(Human.count(e.getValue()) + " " + otaReason(e.getKey())));
        return String.join(", ", parts);
    }

    /** {@code download timeout (-1)}, from the error catalogue's explanation of {@code ota/fail_-1}. */
    static String otaReason(ErrorKey key) {
        Matcher m = OTA_FAILURE.matcher(explain(key));
        if (!m.matches()) {
            return key.reason();
        }
        return (m.group(2) == null ? "failed" : m.group(2).strip()) + " (" + m.group(1) + ")";
    }

    /** Reconnect storms: devices dropped (of the group), and each storm's recovery. */
    private static String storms(ResultSection run, String group, List<Outage> outages) {
        long dropped = run.counter(Counter.STORM_DROPPED, group);
        List<Outage> storms = outages.stream().filter(o -> o.planned() && o.group().equals(group)).toList();
        if (dropped == 0 && storms.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Outcome.STORM_DROPPED.outcomeName()).append(' ')
                .append(ofDevices(run, group, dropped));
        for (Outage o : storms) {
            sb.append("; ").append(storms.size() > 1 ? Human.count(o.dropped()) + " dropped: " : "")
                    .append(recovery(o));
        }
        long recovery = run.latency(Operation.RECONNECT_RECOVERY, group).corrected().getTotalCount();
        if (recovery > 0) {
            sb.append("; reconnect-recovery.max ").append(ValueKind.formatSeconds(
                    run.latency(Operation.RECONNECT_RECOVERY, group).corrected().getMaxValue() / 1e9))
                    .append(" (when the scenario's recovery share was back)");
        }
        return sb.toString();
    }

    /** Desired-state changes the application made, and the deltas the devices received for them. */
    private static String shadow(ResultSection run, String group) {
        long desired = Outcome.SHADOW_DESIRED.count(run, group);
        long deltas = run.counter(Counter.SHADOW_DELTAS, group);
        if (desired == 0 && deltas == 0) {
            return "";
        }
        String share = desired > 0 ? " (" + Human.percent((double) deltas / desired) + " of the changes)" : "";
        return Outcome.SHADOW_DESIRED.outcomeName() + " " + Human.count(desired) + " changes through the API, "
                + Outcome.SHADOW_DELTAS.outcomeName() + " " + Human.count(deltas) + " received" + share;
    }

    /** Messages the application published to devices through the API, and how many arrived. */
    private static String downlinks(ResultSection run, String group) {
        long sent = Outcome.DOWNLINKS_SENT.count(run, group);
        if (sent == 0) {
            return "";
        }
        long arrived = run.latency(Operation.DOWNLINK, group).corrected().getTotalCount();
        return Outcome.DOWNLINKS_SENT.outcomeName() + " " + Human.count(sent) + " through the API, downlink.count "
                + Human.count(arrived) + " arrived (" + Human.percent((double) arrived / sent) + ")";
    }

    /** {@code 108 of 1,000 devices (10.8%)}; just the count when the run did not count its devices. */
    static String ofDevices(ResultSection run, String group, long part) {
        return Human.share(part, run.counter(Counter.DEVICES_PLANNED, group), "devices");
    }

    /** What an error means, one line; empty for a kind outside the catalogue (printed as it is). */
    public static String explain(ErrorKey key) {
        return ErrorKind.explain(key.kind(), key.reason()).orElse("");
    }

    /** A ratio (0..1) as a percentage a person reads; see {@link Human#percent}. */
    public static String percent(double ratio) {
        return Human.percent(ratio);
    }
}
