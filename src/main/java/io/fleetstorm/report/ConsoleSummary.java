package io.fleetstorm.report;

import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.GroupOperation;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunResult;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The end-of-run console summary: latency table, errors by reason, thresholds, generator health, verdict. */
public final class ConsoleSummary {

    private ConsoleSummary() {
    }

    public static String render(RunReport report) {
        RunResult r = report.result();
        ResultSection run = r.run();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "fleetstorm summary: scenario %s, run %s, %.1fs%s%n",
                r.info().scenario(), String.join("+", report.sources()), run.durationSeconds(),
                r.aborted() ? " (aborted: " + r.abortReason() + ")" : ""));
        sb.append(String.format(Locale.ROOT, "%-32s %-9s %9s %9s  %-41s  %-41s%n", "group.operation", "", "count",
                "rate/s", "corrected p50/p90/p99/p99.9/max", "service p50/p90/p99/p99.9/max"));
        for (Map.Entry<GroupOperation, LatencyHistograms> e : run.latencies().entrySet()) {
            long count = e.getValue().corrected().getTotalCount();
            sb.append(String.format(Locale.ROOT, "%-42s %9d %9.1f  %-41s  %-41s%n", e.getKey().tag(), count,
                    run.durationSeconds() == 0 ? 0 : count / run.durationSeconds(),
                    percentiles(e.getValue().corrected()), percentiles(e.getValue().service())));
        }
        if (run.latencies().isEmpty()) {
            sb.append("  (no operations completed)\n");
        }
        sb.append("errors: ").append(run.errorCount()).append('\n');
        for (Map.Entry<ErrorKey, Long> e : run.errors().entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %-20s %-12s %-20s %d%n", e.getKey().group(), e.getKey().kind(),
                    e.getKey().reason(), e.getValue()));
        }
        Histogram lag = run.generator().loopLag();
        sb.append(String.format(Locale.ROOT, "generator: cpu max %s, busy %.1fs, loop lag p99 %s, late starts %d, "
                + "fell behind in %d of %d s (longest %d s in a row)%n",
                run.generator().cpuMaxRatio() < 0 ? "n/a" : ValueKind.RATIO.format(run.generator().cpuMaxRatio()),
                run.generator().cpuBusySeconds(),
                lag.getTotalCount() == 0 ? "n/a" : ValueKind.formatSeconds(lag.getValueAtPercentile(99) / 1e9),
                run.counter(io.fleetstorm.metrics.Counter.LATE_STARTS), run.generator().slowIntervals(),
                run.generator().intervals(), run.generator().longestSlowStreak()));
        if (!report.thresholdResults().isEmpty()) {
            sb.append("thresholds:\n");
            for (ThresholdResult t : report.thresholdResults()) {
                sb.append("  ").append(t.describe()).append('\n');
            }
        }
        sb.append("verdict: ").append(report.verdict().status()).append(" (exit code ")
                .append(report.verdict().exitCode()).append(")\n");
        for (String reason : report.verdict().reasons()) {
            sb.append("  ").append(reason).append('\n');
        }
        return sb.toString();
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
