package io.fleetstorm.metrics;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The live progress line, every few seconds: phase, elapsed/total, connected devices, message rates by behaviour,
 * p99 of the busiest operations, errors and generator health. The clock never passes the planned total: once the
 * run is past it (draining answers, disconnecting) the line says {@code [ending 01:02/01:02]} and leaves out the
 * connected devices, which only fall to 0 as the fleet says goodbye. On a terminal the line is rewritten in place
 * ({@code \r}); when piped, one plain line per report.
 */
public final class ProgressSink implements IntervalSink {

    /** The default period between lines. */
    public static final long DEFAULT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int SHOWN_OPERATIONS = 4;
    /** What the line says for a phase once the planned run is over (draining, disconnecting). */
    static final String ENDING = "ending";

    private final PrintStream out;
    private final boolean tty;
    private final long everyNanos;
    private final Map<String, Long> sentByBehaviour = new TreeMap<>();
    private final Map<Operation, Histogram> latencies = new EnumMap<>(Operation.class);
    private final Histogram lag = LatencyHistograms.newHistogram();
    private long received;
    private long errors;
    private long lateStarts;
    private long windowNanos;
    private int lastLength;
    private volatile java.util.function.Supplier<String> suffix = () -> "";

    public ProgressSink(PrintStream out, boolean tty, long everyNanos) {
        this.out = out;
        this.tty = tty;
        this.everyNanos = everyNanos;
    }

    /** Progress on standard output, rewriting its line when a console is attached. */
    public static ProgressSink console() {
        return new ProgressSink(System.out, System.console() != null, DEFAULT_EVERY_NANOS);
    }

    /** Appends text to every line (a cluster run names its agents and the lost ones there). */
    public ProgressSink suffix(java.util.function.Supplier<String> text) {
        this.suffix = text;
        return this;
    }

    @Override
    public void onInterval(IntervalSnapshot s) {
        s.counterDeltas().forEach((k, v) -> {
            if (k.counter() == Counter.MESSAGES_SENT) {
                sentByBehaviour.merge(k.behaviour().isEmpty() ? "other" : k.behaviour(), v, Long::sum);
            } else if (k.counter() == Counter.MESSAGES_RECEIVED) {
                received += v;
            } else if (k.counter() == Counter.LATE_STARTS) {
                lateStarts += v;
            }
        });
        s.latencies().forEach((k, h) -> latencies.computeIfAbsent(k.operation(), o -> LatencyHistograms.newHistogram())
                .add(h.corrected()));
        lag.add(s.loopLag());
        errors += s.errorDelta();
        windowNanos += s.endNanos() - s.startNanos();
        if (windowNanos >= everyNanos) {
            print(line(s));
            reset();
        }
    }

    @Override
    public void onRunEnd(RunResult r) {
        if (tty && lastLength > 0) {
            out.println();
            out.flush();
        }
    }

    private void print(String line) {
        if (tty) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        } else {
            out.println(line);
        }
        lastLength = line.length();
        out.flush();
    }

    String line(IntervalSnapshot s) {
        double seconds = windowNanos / 1e9;
        StringBuilder sb = new StringBuilder();
        long planned = plannedNanos(s.info());
        // past the planned end the run drains and disconnects: the clock stops at the total, and the connected
        // count (falling to 0 as devices say goodbye) is not news
        boolean ending = planned > 0 && s.endNanos() - s.runStartNanos() > planned;
        long elapsed = ending ? TimeUnit.NANOSECONDS.toSeconds(planned) : (long) s.elapsedSeconds();
        sb.append('[').append(ending ? ENDING : s.phase()).append(' ').append(clock(elapsed));
        if (planned > 0) {
            sb.append('/').append(clock(TimeUnit.NANOSECONDS.toSeconds(planned)));
        }
        sb.append(']');
        long connected = s.gauge(MetricNames.DEVICES_CONNECTED);
        if (connected >= 0 && !ending) {
            sb.append(" connected ").append(String.format(Locale.ROOT, "%,d", connected));
        }
        long sent = sentByBehaviour.values().stream().mapToLong(Long::longValue).sum();
        sb.append(String.format(Locale.ROOT, " | sent %,.0f/s", sent / seconds));
        if (sentByBehaviour.size() > 1) {
            StringBuilder parts = new StringBuilder();
            sentByBehaviour.forEach((b, v) -> parts.append(parts.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %,.0f", b, v / seconds)));
            sb.append(" (").append(parts).append(')');
        }
        sb.append(String.format(Locale.ROOT, " recv %,.0f/s", received / seconds));
        StringBuilder p99 = new StringBuilder();
        latencies.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().getTotalCount(), a.getValue().getTotalCount()))
                .limit(SHOWN_OPERATIONS)
                .forEach(e -> p99.append(' ').append(e.getKey().label()).append(' ')
                        .append(millis(e.getValue().getValueAtPercentile(99))));
        if (p99.length() > 0) {
            sb.append(" | p99").append(p99);
        }
        sb.append(String.format(Locale.ROOT, " | errors %,d", errors));
        GeneratorSample g = s.generator();
        sb.append(" | gen cpu ").append(g.cpuRatio() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%",
                g.cpuRatio() * 100));
        sb.append(" lag p99 ").append(lag.getTotalCount() == 0 ? "n/a" : millis(lag.getValueAtPercentile(99)));
        sb.append(" late ").append(String.format(Locale.ROOT, "%,d", lateStarts));
        return sb.append(suffix.get()).toString();
    }

    /** The run's planned length; 0 when unknown (a phase without a planned end). */
    private static long plannedNanos(RunInfo info) {
        return info.phases().stream().anyMatch(p -> p.durationNanos() <= 0) ? 0 : info.plannedNanos();
    }

    private void reset() {
        sentByBehaviour.clear();
        latencies.clear();
        lag.reset();
        received = 0;
        errors = 0;
        lateStarts = 0;
        windowNanos = 0;
    }

    private static String clock(long seconds) {
        return String.format(Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
    }

    private static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms >= 100 ? String.format(Locale.ROOT, "%.0fms", ms) : String.format(Locale.ROOT, "%.1fms", ms);
    }
}
