package io.fleetstorm.capacity;

import io.fleetstorm.metrics.ExitCode;
import java.util.List;

/**
 * The answer of a capacity search.
 *
 * @param dimension what was varied
 * @param capacity  the highest load that met every threshold, in the dimension's unit; null when none did
 * @param bound     {@code target} (the target's limit lies in the bracket), {@code generator} (fleetstorm itself fell
 *                  behind first: {@code capacity} is only a lower bound), {@code none} (the whole range passed:
 *                  the capacity is at least {@code to}); {@code aborted} or {@code unreachable} when the search could
 *                  not finish
 * @param low       the bracket's passing end (= capacity), or null
 * @param high      the bracket's failing end (the lowest load that failed), or null
 * @param answer    the answer in one line, as printed
 * @param exitCode  0 for a capacity found (or the whole range passed), 3 when even the lowest step fails or the
 *                  generator was the bottleneck, 4 when the search was aborted or the target unreachable
 */
public record CapacityResult(Dimension dimension, double from, double to, double precision, Double capacity,
        String bound, Double low, Double high, String answer, ExitCode exitCode, List<StepResult> steps) {

    public CapacityResult {
        steps = List.copyOf(steps);
    }
}
