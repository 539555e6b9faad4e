package io.fleetstorm.report;

import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.IntervalSnapshot;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Judges thresholds while the run runs, after every interval. A windowed threshold ({@code {last:10s}}) is judged over
 * the last 10 s of its scope once its scope has run that long (a scope shorter than the window is judged once, over
 * all of it, when it ends); its result is the worst window of the run. An {@code abortOnFail} threshold without a
 * window is judged over the run (or its phase) so far. The first abortOnFail failure calls the engine's abort
 * callback, once; thresholds without data yet are not judged.
 */
public final class ThresholdMonitor implements IntervalSink {

    private final List<ThresholdSpec> abortThresholds;
    private final Map<ThresholdSpec, Window> windows = new LinkedHashMap<>();
    private final IntervalWindow recent;
    private final Consumer<ThresholdResult> abort;
    private ThresholdResult stoppedBy;

    /** Per windowed threshold: when its scope began, whether it was judged, the worst window so far. */
    private static final class Window {
        long scopeStartNanos = -1;
        long lastInScopeEndNanos;
        double lastInScopeSeconds;
        boolean judged;
        ThresholdResult worst;
    }

    /** A monitor of the thresholds (all of them: it judges the windowed ones and the abortOnFail ones). */
    public ThresholdMonitor(List<ThresholdSpec> thresholds, Consumer<ThresholdResult> abort) {
        this.abortThresholds = thresholds.stream().filter(t -> t.abortOnFail() && !t.windowed()).toList();
        long longest = 0;
        for (ThresholdSpec t : thresholds) {
            if (t.windowed()) {
                windows.putIfAbsent(t, new Window());
                longest = Math.max(longest, t.windowNanos());
            }
        }
        this.recent = new IntervalWindow(longest);
        this.abort = abort;
    }

    @Override
    public synchronized void onInterval(IntervalSnapshot s) {
        if (!windows.isEmpty()) {
            recent.add(s);
        }
        windows.forEach((spec, w) -> {
            boolean inScope = spec.phase() == null || spec.phase().equals(s.phase());
            if (!inScope) {
                if (w.scopeStartNanos >= 0 && !w.judged) { // a scope shorter than its window: judge what it had
                    judge(spec, w, w.lastInScopeEndNanos, w.lastInScopeSeconds);
                }
                return;
            }
            if (w.scopeStartNanos < 0) {
                w.scopeStartNanos = s.startNanos();
            }
            w.lastInScopeEndNanos = s.endNanos();
            w.lastInScopeSeconds = s.elapsedSeconds();
            if (s.endNanos() - w.scopeStartNanos + IntervalWindow.SLACK_NANOS >= spec.windowNanos()) {
                judge(spec, w, s.endNanos(), s.elapsedSeconds());
            }
        });
        if (stoppedBy != null) {
            return;
        }
        for (ThresholdSpec spec : abortThresholds) {
            if (spec.phase() != null && !spec.phase().equals(s.phase())) {
                continue;
            }
            ThresholdResult r = ThresholdEvaluator.evaluate(spec, spec.phase() == null ? s.run() : s.currentPhase());
            if (!Double.isNaN(r.observed()) && !r.passed()) {
                fire(new ThresholdResult(spec, r.observed(), false, s.elapsedSeconds()));
                return;
            }
        }
    }

    @Override
    public synchronized void onRunEnd(RunResult r) {
        windows.forEach((spec, w) -> {
            if (w.scopeStartNanos >= 0 && !w.judged) {
                judge(spec, w, w.lastInScopeEndNanos, w.lastInScopeSeconds);
            }
        });
    }

    private void judge(ThresholdSpec spec, Window w, long endNanos, double atSeconds) {
        w.judged = true;
        ResultSection section = recent.section(spec.windowNanos(), spec.phase(), endNanos);
        double observed = section == null ? Double.NaN : ThresholdEvaluator.observe(spec, section);
        if (Double.isNaN(observed)) {
            return;
        }
        ThresholdResult r = new ThresholdResult(spec, observed, spec.operator().holds(observed, spec.value()),
                atSeconds);
        // a failing window is always worse than a passing one, so the worst window carries the verdict
        if (w.worst == null || spec.operator().badness(observed, spec.value())
                > spec.operator().badness(w.worst.observed(), spec.value())) {
            w.worst = r;
        }
        if (!r.passed() && spec.abortOnFail() && stoppedBy == null) {
            fire(r);
        }
    }

    private void fire(ThresholdResult r) {
        stoppedBy = r;
        abort.accept(r);
    }

    /**
     * The abort reason for a run stopped by {@code failed}, with the rule and when it failed: {@code abortOnFail
     * threshold errors.rate{last:10s} < 5% failed: observed 8.200% (whole run, 10 s window ending at 37.0 s)}.
     */
    public static String abortReason(ThresholdResult failed) {
        return "abortOnFail threshold " + failed.spec().expression() + " failed: observed " + failed.observedText()
                + " (" + failed.whereText() + ")";
    }

    /** Whether an abortOnFail threshold failed and stopped the run. */
    public synchronized boolean fired() {
        return stoppedBy != null;
    }

    /** What was judged while running: every windowed threshold's worst window, and what stopped the run. */
    public synchronized LiveJudgement judgement() {
        List<ThresholdResult> results = new ArrayList<>();
        windows.values().forEach(w -> {
            if (w.worst != null) {
                results.add(w.worst);
            }
        });
        return new LiveJudgement(results, stoppedBy);
    }
}
