package io.fleetstorm.capacity;

import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.IntervalSnapshot;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.report.LiveJudgement;
import io.fleetstorm.report.SanityRules;
import io.fleetstorm.report.ThresholdEvaluator;
import io.fleetstorm.report.ThresholdMonitor;
import io.fleetstorm.report.ThresholdResult;
import io.fleetstorm.report.ThresholdSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Judges one capacity step while it runs: the measured phases are watched from {@code settle} after they start (the
 * load has reached its level and the target its state) to their end, and only those intervals count. After every
 * measured interval the thresholds (and the default sanity rules in force) are judged over the measurement so far;
 * a step whose thresholds are clearly lost stops early ({@link #clearlyLost}): less waiting on loads the target
 * cannot take, and less backlog left for the next step. Windowed thresholds ({@code {last:10s}}) are judged over
 * sliding windows of the measured intervals only.
 */
public final class StepJudge implements IntervalSink {

    /** Consecutive measured intervals a threshold must fail, over the interval and over the whole measurement. */
    public static final int LOST_INTERVALS = 3;
    /** A step is never stopped before this much measurement. */
    public static final long MIN_MEASURED_NANOS = 3_000_000_000L;
    /** Flips are not exactly on the second: an interval that starts this little before the settle ends counts. */
    static final long SLACK_NANOS = 50_000_000L;

    private final Set<String> measuredPhases;
    private final long settleNanos;
    private final long measureNanos;
    private final List<ThresholdSpec> thresholds;
    private final List<ThresholdSpec> sanity;
    private final Consumer<String> stop;
    private final ThresholdMonitor windows;
    private final Map<String, Long> phaseStarts = new HashMap<>();
    private final ResultSection window = new ResultSection();
    private final ResultSection timed = new ResultSection();
    private final Map<String, ResultSection> perPhase = new LinkedHashMap<>();
    private long measuredNanos;
    private int lostStreak;
    private String stoppedBecause;

    /**
     * @param measuredPhases the phases whose intervals are measured (after their settle, for {@code measureNanos})
     * @param thresholds     the scenario's thresholds (abortOnFail is the step's early stop here, never the search's)
     * @param stop           stops the step's run, given the reason; called at most once
     */
    public StepJudge(Set<String> measuredPhases, long settleNanos, long measureNanos, List<ThresholdSpec> thresholds,
            Consumer<String> stop) {
        this.measuredPhases = Set.copyOf(measuredPhases);
        this.settleNanos = settleNanos;
        this.measureNanos = measureNanos;
        this.thresholds = List.copyOf(thresholds);
        this.sanity = SanityRules.inForce(thresholds);
        this.stop = stop;
        this.windows = new ThresholdMonitor(thresholds.stream().filter(ThresholdSpec::windowed)
                .map(t -> t.withAbortOnFail(false)).toList(), r -> { });
    }

    @Override
    public synchronized void onInterval(IntervalSnapshot s) {
        if (!measuredPhases.contains(s.phase())) {
            return;
        }
        long phaseStart = phaseStarts.computeIfAbsent(s.phase(), p -> s.startNanos());
        if (s.startNanos() + SLACK_NANOS < phaseStart + settleNanos) {
            return; // settling
        }
        // after the measurement (or an early stop) only the drain is left: its answers count, its time does not, so
        // a rate is completions over the time measured
        boolean drain = stoppedBecause != null || s.startNanos() + SLACK_NANOS >= phaseStart + settleNanos
                + measureNanos;
        ResultSection interval = copy(s, !drain);
        window.merge(interval);
        window.generator().noteInterval(IntervalCollector.slowInterval(s),
                (s.startNanos() - s.runStartNanos()) / 1_000_000_000L);
        perPhase.computeIfAbsent(s.phase(), p -> new ResultSection()).merge(interval);
        windows.onInterval(s);
        if (drain) {
            return;
        }
        timed.merge(interval);
        measuredNanos += s.endNanos() - s.startNanos();
        String lost = lostOver(interval);
        lostStreak = lost == null ? 0 : lostStreak + 1;
        if (clearlyLost()) {
            stoppedBecause = lost + " for " + lostStreak + " intervals in a row";
            stop.accept("capacity step stopped early: " + stoppedBecause);
        }
    }

    @Override
    public synchronized void onRunEnd(RunResult r) {
        windows.onRunEnd(r);
    }

    /**
     * Clearly lost: a threshold failed over each of the last {@value #LOST_INTERVALS} measured intervals and over
     * the measurement so far, after at least 3 s of measurement. A saturated target's latency only climbs, so a step
     * that fails this way would not recover by its end; a single bad interval (a GC pause) does not stop it.
     */
    boolean clearlyLost() {
        return lostStreak >= LOST_INTERVALS && measuredNanos >= MIN_MEASURED_NANOS;
    }

    /** The first threshold that fails over this interval and over the measurement so far, as one line, or null. */
    private String lostOver(ResultSection interval) {
        List<ThresholdSpec> all = new ArrayList<>(thresholds.stream().filter(t -> !t.windowed()).toList());
        all.addAll(sanity);
        for (ThresholdSpec spec : all) {
            if (spec.phase() != null && !measuredPhases.contains(spec.phase())) {
                continue;
            }
            ResultSection whole = spec.phase() == null ? window : perPhase.get(spec.phase());
            if (whole == null) {
                continue;
            }
            ThresholdResult now = ThresholdEvaluator.evaluate(spec, interval);
            ThresholdResult sofar = ThresholdEvaluator.evaluate(spec, whole);
            if (!Double.isNaN(now.observed()) && !now.passed() && !Double.isNaN(sofar.observed()) && !sofar.passed()) {
                return spec.expression() + " failed (observed " + sofar.observedText() + " over the measurement so "
                        + "far)";
            }
        }
        return null;
    }

    /** The measurement: every measured interval of every measured phase, merged. */
    public synchronized ResultSection window() {
        return window;
    }

    /** The measured intervals alone, without the drain's answers: what completed per second of measurement. */
    public synchronized ResultSection timed() {
        return timed;
    }

    /** Measured time in seconds. */
    public synchronized double measuredSeconds() {
        return measuredNanos / 1e9;
    }

    /** Why the step was stopped early, or null. */
    public synchronized String stoppedBecause() {
        return stoppedBecause;
    }

    /**
     * Every threshold judged over the measurement: unscoped ones over all of it, a measured phase's over that
     * phase's measured part, another phase's over that whole phase of {@code result}, windowed ones by their worst
     * measured window.
     */
    public synchronized List<ThresholdResult> judge(RunResult result) {
        LiveJudgement live = windows.judgement();
        List<ThresholdResult> out = new ArrayList<>();
        for (ThresholdSpec spec : thresholds) {
            boolean measured = spec.phase() == null || measuredPhases.contains(spec.phase());
            ResultSection section = spec.phase() == null ? window : measured ? perPhase.get(spec.phase())
                    : result.phases().get(spec.phase());
            if (spec.windowed() && measured) {
                ThresholdResult w = live.of(spec.withAbortOnFail(false));
                out.add(w != null ? new ThresholdResult(spec, w.observed(), w.passed(), w.atSeconds())
                        : new ThresholdResult(spec, Double.NaN, false));
            } else {
                out.add(ThresholdEvaluator.evaluate(spec, section));
            }
        }
        return out;
    }

    /** The default sanity rules in force, over the measurement (a rule without data passes). */
    public synchronized List<ThresholdResult> sanity() {
        return SanityRules.judge(sanity, window);
    }

    private static ResultSection copy(IntervalSnapshot s, boolean timed) {
        ResultSection section = new ResultSection();
        s.latencies().forEach(section::addLatency);
        s.counterDeltas().forEach(section::addCounter);
        s.errorDeltas().forEach(section::addError);
        section.addLoopLag(s.loopLag());
        if (timed) {
            section.addSpan(s.startEpochMillis(), s.endEpochMillis());
        }
        return section;
    }
}
