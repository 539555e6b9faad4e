package io.fleetstorm.report;

import io.fleetstorm.metrics.RunResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's result with everything judged: its thresholds (windowed ones as judged while running), the default sanity
 * rules still in force, the saturation check and the verdict: what every output (console, summary.json, junit.xml,
 * report.html) renders. {@code sources} names the runs merged into it (one for a plain run).
 */
public record RunReport(RunResult result, List<ThresholdSpec> thresholds, boolean acceptSaturation,
                        List<ThresholdResult> thresholdResults, List<ThresholdResult> sanityResults,
                        Saturation saturation, LiveJudgement live, Verdict verdict, List<String> sources) {

    public RunReport {
        thresholds = List.copyOf(thresholds);
        thresholdResults = List.copyOf(thresholdResults);
        sanityResults = List.copyOf(sanityResults);
        sources = List.copyOf(sources);
    }

    /**
     * Evaluates thresholds, sanity rules and saturation over a result. Windowed thresholds take their result from
     * {@code live} (what the {@link ThresholdMonitor} judged while running; one it never judged has no data), and so
     * does the abortOnFail threshold that stopped the run (it failed then, whatever the rest of the run made of it).
     */
    public static RunReport evaluate(RunResult result, List<ThresholdSpec> thresholds, boolean acceptSaturation,
                                     List<String> sources, LiveJudgement live) {
        List<ThresholdResult> results = new ArrayList<>();
        for (ThresholdSpec spec : thresholds) {
            // a threshold that stopped the run failed, whatever the rest of the run made of its value
            ThresholdResult stopped = live.stoppedBy() != null && live.stoppedBy().spec().equals(spec)
                    ? live.stoppedBy() : null;
            ThresholdResult judged = spec.windowed() ? live.of(spec) : stopped;
            results.add(judged != null ? judged : spec.windowed() ? new ThresholdResult(spec, Double.NaN, false)
                    : ThresholdEvaluator.evaluate(spec, spec.phase() == null ? result.run()
                            : result.phases().get(spec.phase())));
        }
        List<ThresholdResult> sanity = SanityRules.judge(SanityRules.inForce(thresholds), result.run());
        List<String> sanityFailures = sanity.stream().filter(r -> !r.passed())
                .map(r -> SanityRules.describe(r, result.run()).substring("FAIL ".length())).toList();
        Saturation saturation = Saturation.of(result.run());
        Verdict verdict = Verdict.of(results, sanityFailures, saturation, acceptSaturation, result.abortCause(),
                result.abortReason(), live.stoppedBy(), Reachability.unreachable(result.run()));
        return new RunReport(result, thresholds, acceptSaturation, results, sanity, saturation, live, verdict,
                sources);
    }

    /** Evaluates a result with nothing judged while running. */
    public static RunReport evaluate(RunResult result, List<ThresholdSpec> thresholds, boolean acceptSaturation,
                                     List<String> sources) {
        return evaluate(result, thresholds, acceptSaturation, sources, LiveJudgement.NONE);
    }

    /** Evaluates a single run. */
    public static RunReport evaluate(RunResult result, List<ThresholdSpec> thresholds, boolean acceptSaturation) {
        return evaluate(result, thresholds, acceptSaturation, List.of(result.info().runId()));
    }

    /** Evaluates a single run with what its {@link ThresholdMonitor} judged while running. */
    public static RunReport evaluate(RunResult result, List<ThresholdSpec> thresholds, boolean acceptSaturation,
                                     LiveJudgement live) {
        return evaluate(result, thresholds, acceptSaturation, List.of(result.info().runId()), live);
    }
}
