package io.fleetstorm.capacity;

import io.fleetstorm.report.ThresholdResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a capacity search, as capacity.json and capacity.html show it.
 *
 * @param index           1-based, in the order steps ran
 * @param load            the load offered, in the dimension's unit
 * @param stage           {@code step} (the geometric steps up the range) or {@code bisect}
 * @param outcome         what the step found
 * @param reasons         why it did not pass, one line each (empty for a pass)
 * @param stoppedEarly    whether it stopped before its end because a threshold was clearly lost
 * @param measuredSeconds time measured (after the settle)
 * @param wallSeconds     the step's whole run, setup and drain included
 * @param errors          errors counted in the measurement
 * @param errorRate       errors / (completed operations + errors) in the measurement, NaN without operations
 * @param offeredPerSecond what the generator actually sent of the varied rate per second (NaN when not a rate)
 * @param operations      each operation's completions and latency percentiles over the measurement
 * @param thresholds      the scenario's thresholds and the default sanity rules in force, judged over the measurement
 * @param saturation      why the generator counts as saturated (empty when it kept up)
 * @param reportDir       the step's own run reports, relative to the output directory
 */
public record StepResult(int index, double load, String stage, Outcome outcome, List<String> reasons,
        boolean stoppedEarly, double measuredSeconds, double wallSeconds, long errors, double errorRate,
        double offeredPerSecond, Map<String, OperationStats> operations, List<ThresholdResult> thresholds,
        List<String> saturation, String reportDir) {

    public StepResult {
        reasons = List.copyOf(reasons);
        operations = Collections.unmodifiableMap(new LinkedHashMap<>(operations));
        thresholds = List.copyOf(thresholds);
        saturation = List.copyOf(saturation);
    }
}
