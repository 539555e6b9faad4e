package io.fleetstorm.report;

import io.fleetstorm.metrics.RunResult;
import java.util.List;

/**
 * A run's result with its thresholds evaluated, the saturation check and the verdict: what every output (console,
 * summary.json, junit.xml, report.html) renders. {@code sources} names the runs merged into it (one for a plain run).
 */
public record RunReport(RunResult result, List<ThresholdSpec> thresholds, boolean acceptSaturation,
                        List<ThresholdResult> thresholdResults, Saturation saturation, Verdict verdict,
                        List<String> sources) {

    public RunReport {
        thresholds = List.copyOf(thresholds);
        thresholdResults = List.copyOf(thresholdResults);
        sources = List.copyOf(sources);
    }

    /** Evaluates thresholds and saturation over a result. */
    public static RunReport evaluate(RunResult result, List<ThresholdSpec> thresholds, boolean acceptSaturation,
                                     List<String> sources) {
        List<ThresholdResult> results = ThresholdEvaluator.evaluate(thresholds, result);
        Saturation saturation = Saturation.of(result.run());
        Verdict verdict = Verdict.of(results, saturation, acceptSaturation, result.aborted(), result.abortReason());
        return new RunReport(result, thresholds, acceptSaturation, results, saturation, verdict, sources);
    }

    /** Evaluates a single run. */
    public static RunReport evaluate(RunResult result, List<ThresholdSpec> thresholds, boolean acceptSaturation) {
        return evaluate(result, thresholds, acceptSaturation, List.of(result.info().runId()));
    }
}
