package io.fleetstorm.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * The one periodic task of the cold path: flips every loop's recorders, merges the interval histograms, keeps the
 * run totals, and hands each interval to its sinks (progress line, exporters).
 */
public final class IntervalCollector implements AutoCloseable {

    private final List<String> groups;
    private final List<LoopRecorder> recorders = new CopyOnWriteArrayList<>();
    private final List<Consumer<IntervalSnapshot>> sinks = new CopyOnWriteArrayList<>();
    private final Map<LatencyKey, Histogram> totalCorrected = new HashMap<>();
    private final Map<LatencyKey, Histogram> totalService = new HashMap<>();
    private final Histogram totalLag = newHistogram();
    private final LongSupplier nanoClock;
    private final LongSupplier operationsStarted;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleetstorm-collector");
        t.setDaemon(true);
        return t;
    });
    private volatile String phase = "";
    private long startNanos;
    private long lastFlipNanos;
    private long lastLate;
    private long lastOps;
    private int intervals;
    private int saturatedIntervals;
    private int streak;
    private final List<Long> saturatedSeconds = new ArrayList<>();
    private int longestStreak;

    public IntervalCollector(List<String> groups, LongSupplier nanoClock, LongSupplier operationsStarted) {
        this.groups = List.copyOf(groups);
        this.nanoClock = nanoClock;
        this.operationsStarted = operationsStarted;
    }

    public LoopRecorder newLoopRecorder() {
        LoopRecorder r = new LoopRecorder(groups.size());
        recorders.add(r);
        return r;
    }

    public void addSink(Consumer<IntervalSnapshot> sink) {
        sinks.add(sink);
    }

    public void phaseStarted(String name) {
        phase = name;
    }

    /** Starts flipping every {@code intervalMillis}. */
    public void start(long intervalMillis) {
        startNanos = nanoClock.getAsLong();
        lastFlipNanos = startNanos;
        timer.scheduleAtFixedRate(this::flipSafely, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void flipSafely() {
        try {
            IntervalSnapshot s = flip();
            sinks.forEach(sink -> sink.accept(s));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(IntervalCollector.class).warn("metrics interval failed: {}", e.toString());
        }
    }

    /** Flips now (also called at the end of the run, so nothing recorded is lost). */
    public synchronized IntervalSnapshot flip() {
        long now = nanoClock.getAsLong();
        Map<LatencyKey, Histogram> interval = new HashMap<>();
        Histogram lag = newHistogram();
        for (LoopRecorder r : recorders) {
            for (int g = 0; g < groups.size(); g++) {
                for (Operation op : Operation.values()) {
                    LatencyKey key = new LatencyKey(g, op);
                    Histogram c = r.flipCorrected(g, op);
                    if (c.getTotalCount() > 0) {
                        interval.computeIfAbsent(key, k -> newHistogram()).add(c);
                        totalCorrected.computeIfAbsent(key, k -> newHistogram()).add(c);
                    }
                    Histogram s = r.flipService(g, op);
                    if (s.getTotalCount() > 0) {
                        totalService.computeIfAbsent(key, k -> newHistogram()).add(s);
                    }
                }
            }
            lag.add(r.flipLoopLag());
        }
        totalLag.add(lag);
        long late = lateStarts();
        long ops = operationsStarted.getAsLong();
        long lateDelta = late - lastLate;
        long opsDelta = Math.max(1, ops - lastOps);
        boolean saturated = (lateDelta >= 5 && lateDelta > 0.01 * opsDelta)
                || (lag.getTotalCount() > 0 && lag.getValueAtPercentile(99) > 50_000_000L);
        intervals++;
        if (saturated) {
            saturatedIntervals++;
            saturatedSeconds.add(Math.round((now - startNanos) / 1e9));
            longestStreak = Math.max(longestStreak, ++streak);
        } else {
            streak = 0;
        }
        lastLate = late;
        lastOps = ops;
        IntervalSnapshot s = new IntervalSnapshot(phase, now - startNanos, now - lastFlipNanos, interval, counters(),
                errors(), lateStarts(), lag);
        lastFlipNanos = now;
        return s;
    }

    /** Stops the timer, flips one last time and returns the whole run. */
    public synchronized RunResults finish() {
        timer.shutdownNow();
        IntervalSnapshot last = flip();
        sinks.forEach(sink -> sink.accept(last));
        return new RunResults(groups, nanoClock.getAsLong() - startNanos, copy(totalCorrected), copy(totalService),
                counters(), errors(), lateStarts(), operationsStarted.getAsLong(), totalLag.copy(), intervals,
                saturatedIntervals, longestStreak, List.copyOf(saturatedSeconds));
    }

    private Map<String, Long> counters() {
        Map<String, Long> out = new HashMap<>();
        for (LoopRecorder r : recorders) {
            for (int g = 0; g < groups.size(); g++) {
                for (Counter c : Counter.values()) {
                    out.merge(g + "|" + c.label(), r.counter(g, c), Long::sum);
                }
            }
            r.byBehaviour().forEach((k, v) -> out.merge(k, v.sum(), Long::sum));
        }
        return out;
    }

    private Map<String, Long> errors() {
        Map<String, Long> out = new HashMap<>();
        for (LoopRecorder r : recorders) {
            r.errors().forEach((k, v) -> out.merge(k, v.sum(), Long::sum));
        }
        return out;
    }

    private long lateStarts() {
        long sum = 0;
        for (LoopRecorder r : recorders) {
            for (int g = 0; g < groups.size(); g++) {
                sum += r.lateStarts(g);
            }
        }
        return sum;
    }

    private static Map<LatencyKey, Histogram> copy(Map<LatencyKey, Histogram> m) {
        Map<LatencyKey, Histogram> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    static Histogram newHistogram() {
        return new Histogram(LoopRecorder.DIGITS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    public List<String> groups() {
        return new ArrayList<>(groups);
    }
}
