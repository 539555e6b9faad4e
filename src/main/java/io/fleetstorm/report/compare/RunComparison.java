package io.fleetstorm.report.compare;

import io.fleetstorm.metrics.GroupOperation;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.report.ValueKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Two saved runs compared operation by operation (every group together, and each group when there are several):
 * completions per second, p50, p90, p99, p99.9 and max of corrected latency, and the error rate, each with the change
 * and its interval at {@code confidence}, and the regression rules judged. A rule fails when, at that confidence, the
 * worsening exceeds its allowance: the whole interval of the change lies beyond it, so a difference within run-to-run
 * noise never fails a pipeline: the change must also be significant (a block permutation test when the interval
 * histograms are there).
 *
 * @param rows    every compared figure
 * @param rules   every rule's judgement
 */
public record RunComparison(ComparedRun baseline, ComparedRun current, double confidence, List<CompareRow> rows,
        List<RuleResult> rules) {

    /** The latency figures of every operation row. */
    static final List<String> METRICS = List.of("rate", "p50", "p90", "p99", "p999", "max");

    /** A rule judged on its row. */
    public record RuleResult(RegressionRule rule, CompareRow row, boolean regressed, String text) {
    }

    /** Whether any rule found a regression. */
    public boolean regressed() {
        return rules.stream().anyMatch(RuleResult::regressed);
    }

    /** The methods the rows' intervals were estimated with, in the order first used. */
    public Set<CompareRow.Noise> methods() {
        Set<CompareRow.Noise> out = new LinkedHashSet<>();
        rows.forEach(r -> out.add(r.method()));
        return out;
    }

    /** Compares {@code current} with {@code baseline} by {@code rules} (see {@link RegressionRule#defaults}). */
    public static RunComparison of(ComparedRun baseline, ComparedRun current, List<RegressionRule> rules,
            double confidence) {
        ResultSection a = baseline.report().result().run();
        ResultSection b = current.report().result().run();
        Set<Operation> operations = EnumSet.noneOf(Operation.class);
        Set<String> groups = new LinkedHashSet<>();
        for (ResultSection s : List.of(a, b)) {
            for (GroupOperation k : s.latencies().keySet()) {
                operations.add(k.operation());
                groups.add(k.group());
            }
        }
        groups.addAll(baseline.report().result().info().groups());
        groups.addAll(current.report().result().info().groups());
        List<String> scopes = new ArrayList<>();
        scopes.add(null);
        if (groups.size() > 1) {
            scopes.addAll(groups);
        }
        double z = Normal.quantile(1 - (1 - confidence) / 2);
        List<CompareRow> rows = new ArrayList<>();
        for (Operation op : operations) {
            Set<String> metrics = new LinkedHashSet<>(METRICS);
            rules.stream().filter(r -> r.metric().equals(op.label())).forEach(r -> metrics.add(r.aggregate()));
            for (String group : scopes) {
                if (a.latency(op, group).corrected().getTotalCount() == 0
                        && b.latency(op, group).corrected().getTotalCount() == 0) {
                    continue;
                }
                for (String metric : metrics) {
                    rows.add(row(baseline, current, op, group, metric, confidence, z));
                }
            }
        }
        for (String group : scopes) {
            rows.add(errors(a, b, group, z));
        }
        List<RuleResult> judged = new ArrayList<>();
        for (RegressionRule rule : rules) {
            judged.add(judge(rule, rows, 1 - confidence));
        }
        return new RunComparison(baseline, current, confidence, List.copyOf(rows), List.copyOf(judged));
    }

    private static CompareRow row(ComparedRun baseline, ComparedRun current, Operation op, String group,
            String metric, double confidence, double z) {
        ResultSection a = baseline.report().result().run();
        ResultSection b = current.report().result().run();
        Histogram ha = a.latency(op, group).corrected();
        Histogram hb = b.latency(op, group).corrected();
        boolean rate = metric.equals("rate");
        ValueKind kind = rate ? ValueKind.RATE : ValueKind.DURATION;
        double va = value(ha, metric, a.durationSeconds());
        double vb = value(hb, metric, b.durationSeconds());
        List<ComparedRun.Interval> ia = baseline.intervals(op, group);
        List<ComparedRun.Interval> ib = current.intervals(op, group);
        if (!ia.isEmpty() && !ib.isEmpty()) {
            Bootstrap.Interval ci = Bootstrap.difference(ia, ib, statistic(metric), confidence);
            Bootstrap.Permutation test = Bootstrap.permutation(ia, ib, statistic(metric));
            if (ci != null && test != null) {
                return new CompareRow(op.label(), group, metric, kind, va, vb, ci.low(), ci.high(), test.pUp(),
                        test.pDown(), test.pTwoSided() < 1 - confidence, CompareRow.Noise.BOOTSTRAP);
            }
        }
        if (rate) {
            double sa = Math.sqrt(ha.getTotalCount()) / a.durationSeconds();
            double sb = Math.sqrt(hb.getTotalCount()) / b.durationSeconds();
            double half = z * Math.sqrt(sa * sa + sb * sb);
            return interval(op.label(), group, metric, kind, va, vb, vb - va - half, vb - va + half,
                    CompareRow.Noise.POISSON);
        }
        if (metric.equals("mean")) {
            double sa = standardError(ha);
            double sb = standardError(hb);
            double half = z * Math.sqrt(sa * sa + sb * sb);
            return interval(op.label(), group, metric, kind, va, vb, vb - va - half, vb - va + half,
                    CompareRow.Noise.NORMAL_MEAN);
        }
        double p = metric.equals("max") ? 100 : RegressionRule.percentile(metric);
        if (p >= 100) {
            return interval(op.label(), group, metric, kind, va, vb, Double.NaN, Double.NaN,
                    CompareRow.Noise.NONE);
        }
        double[] ra = orderInterval(ha, p, z);
        double[] rb = orderInterval(hb, p, z);
        return interval(op.label(), group, metric, kind, va, vb, rb[0] - ra[1], rb[1] - ra[0],
                CompareRow.Noise.ORDER_STATISTICS);
    }

    private static CompareRow errors(ResultSection a, ResultSection b, String group, double z) {
        long ea = a.errorCount(group);
        long eb = b.errorCount(group);
        long na = a.completedOperations(group) + ea;
        long nb = b.completedOperations(group) + eb;
        double pa = na == 0 ? Double.NaN : (double) ea / na;
        double pb = nb == 0 ? Double.NaN : (double) eb / nb;
        double half = z * Math.sqrt((na == 0 ? 0 : pa * (1 - pa) / na) + (nb == 0 ? 0 : pb * (1 - pb) / nb));
        double low = na == 0 || nb == 0 ? Double.NaN : pb - pa - half;
        double high = na == 0 || nb == 0 ? Double.NaN : pb - pa + half;
        return interval(RegressionRule.ERRORS, group, "rate", ValueKind.RATIO, pa, pb, low, high,
                CompareRow.Noise.TWO_PROPORTIONS);
    }

    /** The standard error of a histogram's mean, in seconds (NaN when empty). */
    private static double standardError(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getStdDeviation() / 1e9 / Math.sqrt(h.getTotalCount());
    }

    /** A row whose noise is an interval alone: beyond noise when the interval excludes zero. */
    private static CompareRow interval(String operation, String group, String metric, ValueKind kind, double base,
            double current, double low, double high, CompareRow.Noise method) {
        boolean beyond = !Double.isNaN(low) && (low > 0 || high < 0);
        return new CompareRow(operation, group, metric, kind, base, current, low, high, Double.NaN, Double.NaN,
                beyond, method);
    }

    /** The value of a figure: a percentile, max or mean in seconds, or completions per second. */
    static double value(Histogram h, String metric, double seconds) {
        if (metric.equals("rate")) {
            return seconds <= 0 ? Double.NaN : h.getTotalCount() / seconds;
        }
        if (h.getTotalCount() == 0) {
            return Double.NaN;
        }
        return switch (metric) {
            case "max" -> h.getMaxValue() / 1e9;
            case "mean" -> h.getMean() / 1e9;
            default -> h.getValueAtPercentile(RegressionRule.percentile(metric)) / 1e9;
        };
    }

    private static Bootstrap.Statistic statistic(String metric) {
        return switch (metric) {
            case "rate" -> Bootstrap.rate();
            case "mean" -> Bootstrap.mean();
            case "max" -> Bootstrap.percentile(100);
            default -> Bootstrap.percentile(RegressionRule.percentile(metric));
        };
    }

    /** The values at the binomial rank bounds of the {@code p}-th percentile: a distribution-free interval. */
    static double[] orderInterval(Histogram h, double p, double z) {
        long n = h.getTotalCount();
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double q = p / 100;
        double spread = z * Math.sqrt(n * q * (1 - q));
        double lowRank = Math.max(1, Math.floor(n * q - spread));
        double highRank = Math.min(n, Math.ceil(n * q + spread));
        return new double[] {h.getValueAtPercentile(100.0 * lowRank / n) / 1e9,
                h.getValueAtPercentile(100.0 * highRank / n) / 1e9};
    }

    private static RuleResult judge(RegressionRule rule, List<CompareRow> rows, double alpha) {
        CompareRow row = rows.stream().filter(r -> r.operation().equals(rule.metric())
                && r.metric().equals(rule.aggregate()) && java.util.Objects.equals(r.group(), rule.group()))
                .findFirst().orElse(null);
        if (row == null) {
            return new RuleResult(rule, null, false, "PASS " + rule.expression() + ": neither run has "
                    + rule.subject());
        }
        if (Double.isNaN(row.current()) && !Double.isNaN(row.baseline())) {
            return new RuleResult(rule, row, true, "FAIL " + rule.expression() + ": " + row.subject() + " was "
                    + row.format(row.baseline()) + " and the current run has none");
        }
        if (Double.isNaN(row.baseline()) || Double.isNaN(row.current())) {
            return new RuleResult(rule, row, false, "PASS " + rule.expression() + ": the baseline has no "
                    + row.subject() + " to compare with");
        }
        double allowed = rule.allowedChange(row.baseline());
        double worsening = rule.higherIsWorse() ? row.change() : -row.change();
        // the interval's end nearest to no worsening: the least the change can be at this confidence
        double leastWorsening = !row.noiseKnown() ? worsening
                : rule.higherIsWorse() ? row.low() : -row.high();
        boolean regressed = leastWorsening > allowed && (!row.noiseKnown()
                || row.significant(rule.higherIsWorse(), alpha));
        String limit = rule.relative() ? String.format(java.util.Locale.ROOT, "%s%.1f%%",
                rule.higherIsWorse() ? "+" : "-", rule.allowance() * 100)
                : row.kind() == ValueKind.RATIO ? String.format(java.util.Locale.ROOT, "+%spp",
                        CompareText.trim(Math.round(allowed * 100 * 1e6) / 1e6))
                : (rule.higherIsWorse() ? "+" : "-") + row.format(allowed);
        String noise = !row.noiseKnown() ? "noise not estimated"
                : row.beyondNoise() ? "beyond noise, interval " + row.intervalText()
                : "within noise, interval " + row.intervalText();
        return new RuleResult(rule, row, regressed, (regressed ? "FAIL " : "PASS ") + rule.expression() + ": "
                + row.subject() + " " + row.format(row.baseline()) + " -> " + row.format(row.current()) + ", "
                + row.changeText() + " (" + noise + "; allowed " + limit + ")");
    }
}
