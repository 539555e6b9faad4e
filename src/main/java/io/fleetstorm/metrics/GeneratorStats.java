package io.fleetstorm.metrics;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The generator's health over a result section: highest CPU ratio, the longest stretch with CPU above
 * {@link MetricsRegistry#CPU_BUSY_RATIO}, and the event-loop lag histogram (nanoseconds).
 */
public final class GeneratorStats {

    private double cpuMaxRatio = -1;
    private double cpuBusySeconds;
    private final Histogram loopLag = LatencyHistograms.newHistogram();
    private final List<Long> slowSeconds = new ArrayList<>();
    private int intervals;
    private int slowIntervals;
    private int streak;
    private int longestSlowStreak;

    /** Slow seconds kept for the report (the count is exact beyond it). */
    static final int SLOW_SECONDS_KEPT = 100;

    public double cpuMaxRatio() {
        return cpuMaxRatio;
    }

    public double cpuBusySeconds() {
        return cpuBusySeconds;
    }

    public Histogram loopLag() {
        return loopLag;
    }

    /** Reporting intervals seen. */
    public int intervals() {
        return intervals;
    }

    /** Intervals in which the generator fell behind (see {@link #noteInterval}). */
    public int slowIntervals() {
        return slowIntervals;
    }

    /** The most consecutive slow intervals. */
    public int longestSlowStreak() {
        return longestSlowStreak;
    }

    /** When the slow intervals started, in whole seconds from the run's start (the first 100). */
    public List<Long> slowSeconds() {
        return List.copyOf(slowSeconds);
    }

    /**
     * Notes one interval: slow when over 1% of the operations started in it (and at least 5) started late, or its
     * event-loop lag p99 was over 50 ms.
     */
    public void noteInterval(boolean slow, long secondOfRun) {
        intervals++;
        if (slow) {
            slowIntervals++;
            longestSlowStreak = Math.max(longestSlowStreak, ++streak);
            if (slowSeconds.size() < SLOW_SECONDS_KEPT) {
                slowSeconds.add(secondOfRun);
            }
        } else {
            streak = 0;
        }
    }

    /** Restores saved figures (summary.json). */
    public void restoreIntervals(int intervals, int slowIntervals, int longestSlowStreak, List<Long> seconds) {
        this.intervals += intervals;
        this.slowIntervals += slowIntervals;
        this.longestSlowStreak = Math.max(this.longestSlowStreak, longestSlowStreak);
        for (Long s : seconds) {
            if (slowSeconds.size() < SLOW_SECONDS_KEPT && !slowSeconds.contains(s)) {
                slowSeconds.add(s);
            }
        }
        java.util.Collections.sort(slowSeconds);
    }

    /** Notes a CPU sample and the length of the busy stretch it ends (0 when CPU was below the busy ratio). */
    public void noteCpu(double ratio, double busyStreakSeconds) {
        cpuMaxRatio = Math.max(cpuMaxRatio, ratio);
        cpuBusySeconds = Math.max(cpuBusySeconds, busyStreakSeconds);
    }

    /** Adds another section's health: maxima of CPU figures, lag histograms added. */
    public void merge(GeneratorStats other) {
        noteCpu(other.cpuMaxRatio, other.cpuBusySeconds);
        loopLag.add(other.loopLag);
        restoreIntervals(other.intervals, other.slowIntervals, other.longestSlowStreak, other.slowSeconds);
    }
}
