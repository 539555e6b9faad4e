package io.fleetstorm.report;

import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.IntervalSnapshot;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Evaluates the {@code abortOnFail} thresholds after every interval, over the run so far (or the current phase so
 * far, for a phase threshold), and calls the engine's abort callback once at the first failure. Thresholds without
 * data yet are not judged while running.
 */
public final class ThresholdMonitor implements IntervalSink {

    private final List<ThresholdSpec> abortThresholds;
    private final Consumer<ThresholdResult> abort;
    private final AtomicBoolean fired = new AtomicBoolean();

    public ThresholdMonitor(List<ThresholdSpec> thresholds, Consumer<ThresholdResult> abort) {
        this.abortThresholds = thresholds.stream().filter(ThresholdSpec::abortOnFail).toList();
        this.abort = abort;
    }

    @Override
    public void onInterval(IntervalSnapshot s) {
        if (fired.get()) {
            return;
        }
        for (ThresholdSpec spec : abortThresholds) {
            if (spec.phase() != null && !spec.phase().equals(s.phase())) {
                continue;
            }
            ThresholdResult r = ThresholdEvaluator.evaluate(spec, spec.phase() == null ? s.run() : s.currentPhase());
            if (!Double.isNaN(r.observed()) && !r.passed() && fired.compareAndSet(false, true)) {
                abort.accept(r);
                return;
            }
        }
    }
}
