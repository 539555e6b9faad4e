package io.fleetstorm.cli;

import io.fleetstorm.capacity.Dimension;
import io.fleetstorm.capacity.Outcome;
import io.fleetstorm.capacity.StepResult;
import io.fleetstorm.metrics.MetricNames;
import io.fleetstorm.metrics.PrometheusSink;
import io.fleetstorm.metrics.RunInfo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The search's own series on its /metrics, beside the steps' run metrics: the step running and its load, and the
 * bracket so far (highest load passed, lowest failed), so a dashboard can put each step's load against its latency
 * and errors while the search goes on. Labels scenario, run, dimension and unit.
 */
final class CapacityGauges implements AutoCloseable {

    private final AtomicLong step = new AtomicLong();
    private final AtomicLong load = new AtomicLong(Double.doubleToLongBits(0));
    private final AtomicLong passed = new AtomicLong(Double.doubleToLongBits(0));
    private final AtomicLong failed = new AtomicLong(Double.doubleToLongBits(0));

    /** Registers the gauges on {@code prometheus} (null: metrics are off, nothing is served). */
    CapacityGauges(PrometheusSink prometheus, RunInfo info, Dimension dimension) {
        if (prometheus == null) {
            return;
        }
        Tags tags = Tags.of(MetricNames.LABEL_SCENARIO, info.scenario(), MetricNames.LABEL_RUN, info.runId(),
                MetricNames.LABEL_DIMENSION, dimension.text(), MetricNames.LABEL_UNIT, dimension.unit());
        register(prometheus, MetricNames.CAPACITY_STEP, tags, step, false);
        register(prometheus, MetricNames.CAPACITY_STEP_LOAD, tags, load, true);
        register(prometheus, MetricNames.CAPACITY_PASSED_LOAD, tags, passed, true);
        register(prometheus, MetricNames.CAPACITY_FAILED_LOAD, tags, failed, true);
    }

    private static void register(PrometheusSink prometheus, String name, Tags tags, AtomicLong value,
            boolean bits) {
        Gauge.builder(MetricNames.micrometerName(name), value, v -> bits ? Double.longBitsToDouble(v.get())
                        : v.get()).description(MetricNames.help(name)).tags(tags).strongReference(true)
                .register(prometheus.meterRegistry());
    }

    /** A step begins. */
    void started(int index, double stepLoad) {
        step.set(index);
        load.set(Double.doubleToLongBits(stepLoad));
    }

    /** A step ended: the bracket moves. */
    void finished(StepResult r) {
        if (r.outcome() == Outcome.PASS && r.load() > Double.longBitsToDouble(passed.get())) {
            passed.set(Double.doubleToLongBits(r.load()));
        }
        double lowestFailed = Double.longBitsToDouble(failed.get());
        if (r.outcome() == Outcome.FAIL && (lowestFailed == 0 || r.load() < lowestFailed)) {
            failed.set(Double.doubleToLongBits(r.load()));
        }
    }

    @Override
    public void close() {
        // the gauges live as long as the search's registry, which the PrometheusSink closes
    }
}
