package io.fleetstorm.report;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.GeneratorStats;
import io.fleetstorm.metrics.GroupOperation;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The end-of-run console summary (also summary.txt): latency table, devices, abandoned operations, target outages,
 * outcomes, errors with their explanations, generator health, thresholds, default sanity rules and the verdict.
 */
public final class ConsoleSummary {

    /** Said under the latency table: what its rates are over. */
    public static final String RATE_NOTE = "(rate: completions per second while the operation was active, not over "
            + "the whole run)";
    /** The header of the sanity rules' section. */
    public static final String SANITY_HEADER = "sanity rules (defaults; a threshold on connect.ratio or errors.rate "
            + "replaces them):";

    private ConsoleSummary() {
    }

    public static String render(RunReport report) {
        RunResult r = report.result();
        ResultSection run = r.run();
        StringBuilder sb = new StringBuilder();
        sb.append("fleetstorm summary: scenario ").append(r.info().scenario()).append(", run ")
                .append(String.join("+", report.sources())).append(", ").append(Human.duration(run.durationSeconds()))
                .append(r.aborted() ? " (aborted: " + r.abortReason() + ")" : "").append('\n');
        sb.append(String.format(Locale.ROOT, "%-32s %-9s %9s %9s  %-41s  %-41s%n", "group.operation", "", "count",
                "rate", "corrected p50/p90/p99/p99.9/max", "service p50/p90/p99/p99.9/max"));
        for (Map.Entry<GroupOperation, LatencyHistograms> e : run.latencies().entrySet()) {
            long count = e.getValue().corrected().getTotalCount();
            sb.append(String.format(Locale.ROOT, "%-42s %9s %9s  %-41s  %-41s%n", e.getKey().tag(),
                    Human.count(count), Human.rate(run.activeRate(e.getKey())),
                    percentiles(e.getValue().corrected()), percentiles(e.getValue().service())));
        }
        if (run.latencies().isEmpty()) {
            sb.append("  (no operations completed)\n");
        } else {
            sb.append(RATE_NOTE).append('\n');
        }
        sb.append(SummaryLines.devices(run)).append('\n');
        sb.append(SummaryLines.abandoned(run)).append('\n');
        for (Outage o : SummaryLines.targetOutages(r)) {
            sb.append(SummaryLines.outage(o, r)).append('\n');
        }
        List<String> outcomes = SummaryLines.outcomes(r);
        if (!outcomes.isEmpty()) {
            sb.append(SummaryLines.OUTCOMES_HEADER).append('\n');
            outcomes.forEach(line -> sb.append("  ").append(line).append('\n'));
        }
        sb.append("errors: ").append(Human.count(run.errorCount())).append('\n');
        for (Map.Entry<ErrorKey, Long> e : run.errors().entrySet()) {
            String why = SummaryLines.explain(e.getKey());
            sb.append(String.format(Locale.ROOT, "  %-20s %-12s %-20s %s%s%n", e.getKey().group(), e.getKey().kind(),
                    e.getKey().reason(), Human.count(e.getValue()), why.isEmpty() ? "" : "  " + why));
        }
        sb.append(generator(run)).append('\n');
        if (!report.thresholdResults().isEmpty()) {
            sb.append("thresholds:\n");
            for (ThresholdResult t : report.thresholdResults()) {
                sb.append("  ").append(t.describe()).append('\n');
            }
        }
        if (!report.sanityResults().isEmpty()) {
            sb.append(SANITY_HEADER).append('\n');
            for (ThresholdResult t : report.sanityResults()) {
                sb.append("  ").append(SanityRules.describe(t, run)).append('\n');
            }
        }
        sb.append("verdict: ").append(report.verdict().status()).append(" (exit code ")
                .append(report.verdict().exitCode()).append(")\n");
        for (String reason : report.verdict().reasons()) {
            sb.append("  ").append(reason).append('\n');
        }
        return sb.toString();
    }

    /**
     * {@code generator: cpu max 58.8%, busy 0s, loop lag p99 2.1ms, late starts 3 of 1,200 started, fell behind in
     * 0s of 1m4s (longest 0s in a row)}.
     */
    static String generator(ResultSection run) {
        GeneratorStats g = run.generator();
        Histogram lag = g.loopLag();
        return "generator: cpu max " + SummaryLines.percent(g.cpuMaxRatio()) + ", busy "
                + Human.duration(g.cpuBusySeconds()) + ", loop lag p99 " + (lag.getTotalCount() == 0 ? "n/a"
                : ValueKind.formatSeconds(lag.getValueAtPercentile(99) / 1e9)) + ", late starts "
                + Human.count(run.counter(Counter.LATE_STARTS)) + " of "
                + Human.count(run.counter(Counter.OPERATIONS_STARTED)) + " started, fell behind in "
                + Human.duration(g.slowIntervals()) + " of " + Human.duration(g.intervals()) + " (longest "
                + Human.duration(g.longestSlowStreak()) + " in a row)";
    }

    static String percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        return String.join(" / ", ValueKind.formatSeconds(h.getValueAtPercentile(50) / 1e9),
                ValueKind.formatSeconds(h.getValueAtPercentile(90) / 1e9),
                ValueKind.formatSeconds(h.getValueAtPercentile(99) / 1e9),
                ValueKind.formatSeconds(h.getValueAtPercentile(99.9) / 1e9),
                ValueKind.formatSeconds(h.getMaxValue() / 1e9));
    }
}
