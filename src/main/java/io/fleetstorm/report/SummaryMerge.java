package io.fleetstorm.report;

import io.fleetstorm.metrics.AbortCause;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.PhasePlan;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.SeriesPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges several runs (shards of one run, or repeated runs) into one exact result: histograms added, counters and
 * errors summed, durations as the union of the wall-clock spans (shards overlap, repeated runs add up), the
 * thresholds of every input re-evaluated, outages listed together. A windowed threshold cannot be judged again over the
 * union (its windows were judged while each input ran): the merge keeps the worst input's judgement. The abort cause
 * is the strongest of the inputs' (a signal over lost agents over an unreachable target over an abortOnFail). Chart
 * series are aligned by wall-clock second: counts summed, interval
 * percentiles taken as the maximum over inputs (the charts only; the summary's percentiles are exact).
 */
public final class SummaryMerge {

    private SummaryMerge() {
    }

    public static RunReport merge(List<RunReport> reports) {
        if (reports.size() == 1) {
            return reports.get(0);
        }
        LinkedHashSet<String> scenarios = new LinkedHashSet<>();
        LinkedHashSet<String> groups = new LinkedHashSet<>();
        Map<String, PhasePlan> plans = new LinkedHashMap<>();
        LinkedHashSet<ThresholdSpec> specs = new LinkedHashSet<>();
        List<String> sources = new ArrayList<>();
        List<String> abortReasons = new ArrayList<>();
        AbortCause cause = null;
        List<Outage> outages = new ArrayList<>();
        Map<ThresholdSpec, ThresholdResult> windowed = new LinkedHashMap<>();
        ThresholdResult stoppedBy = null;
        ResultSection run = new ResultSection();
        Map<String, ResultSection> phases = new LinkedHashMap<>();
        long started = Long.MAX_VALUE;
        long ended = Long.MIN_VALUE;
        boolean accept = true;
        for (RunReport report : reports) {
            RunResult r = report.result();
            scenarios.add(r.info().scenario());
            groups.addAll(r.info().groups());
            r.info().phases().forEach(p -> plans.putIfAbsent(p.name(), p));
            specs.addAll(report.thresholds());
            sources.addAll(report.sources());
            if (r.aborted()) {
                abortReasons.add(r.info().runId() + ": " + r.abortReason());
                cause = cause == null || rank(r.abortCause()) < rank(cause) ? r.abortCause() : cause;
            }
            outages.addAll(r.outages());
            for (ThresholdResult w : report.live().windowed()) {
                windowed.merge(w.spec(), w, SummaryMerge::worse);
            }
            ThresholdResult stopped = report.live().stoppedBy();
            if (stopped != null && (stoppedBy == null || stopped.atSeconds() < stoppedBy.atSeconds())) {
                stoppedBy = stopped;
            }
            run.merge(r.run());
            r.phases().forEach((name, section) -> phases.computeIfAbsent(name, n -> new ResultSection()).merge(section));
            started = Math.min(started, r.startedEpochMillis());
            ended = Math.max(ended, r.endedEpochMillis());
            accept &= report.acceptSaturation();
        }
        RunInfo info = new RunInfo(String.join("+", scenarios), "merged-" + sources.size(), List.copyOf(groups),
                List.copyOf(plans.values()));
        outages.sort(Comparator.comparingLong(Outage::startEpochMillis));
        RunResult merged = new RunResult(info, started, ended, cause,
                abortReasons.isEmpty() ? null : String.join("; ", abortReasons), run, phases,
                series(reports, started), outages);
        return RunReport.evaluate(merged, List.copyOf(specs), accept, sources,
                new LiveJudgement(List.copyOf(windowed.values()), stoppedBy));
    }

    /** Which abort cause a merged run reports: the one that says most about the whole (lower = stronger). */
    private static int rank(AbortCause c) {
        return switch (c) {
            case SIGNAL -> 0;
            case AGENTS_LOST -> 1;
            case TARGET_UNREACHABLE -> 2;
            case THRESHOLD -> 3;
        };
    }

    /** The worse of two windowed judgements of one threshold: each input judged its own windows, not the union's. */
    private static ThresholdResult worse(ThresholdResult a, ThresholdResult b) {
        Comparison op = a.spec().operator();
        return op.badness(b.observed(), a.spec().value()) > op.badness(a.observed(), a.spec().value()) ? b : a;
    }

    private static List<SeriesPoint> series(List<RunReport> reports, long startedMillis) {
        TreeMap<Long, SeriesPoint> bySecond = new TreeMap<>();
        for (RunReport report : reports) {
            long runStart = report.result().startedEpochMillis();
            for (SeriesPoint p : report.result().series()) {
                long second = Math.round((runStart - startedMillis) / 1000.0 + p.offsetSeconds());
                SeriesPoint shifted = new SeriesPoint(second, p.durationSeconds(), p.phase(), p.sent(), p.received(),
                        p.errors(), p.lateStarts(), p.cpuRatio(), p.loopLagP99Seconds(), p.operations(), p.connected());
                bySecond.merge(second, shifted, SummaryMerge::add);
            }
        }
        return List.copyOf(bySecond.values());
    }

    private static SeriesPoint add(SeriesPoint a, SeriesPoint b) {
        Map<String, SeriesPoint.Latency> ops = new LinkedHashMap<>(a.operations());
        b.operations().forEach((op, l) -> ops.merge(op, l, (x, y) -> new SeriesPoint.Latency(x.count() + y.count(),
                Math.max(x.p50(), y.p50()), Math.max(x.p99(), y.p99()), Math.max(x.max(), y.max()))));
        return new SeriesPoint(a.offsetSeconds(), Math.max(a.durationSeconds(), b.durationSeconds()), a.phase(),
                a.sent() + b.sent(), a.received() + b.received(), a.errors() + b.errors(),
                a.lateStarts() + b.lateStarts(), Math.max(a.cpuRatio(), b.cpuRatio()),
                Math.max(a.loopLagP99Seconds(), b.loopLagP99Seconds()), ops,
                a.connected() < 0 || b.connected() < 0 ? Math.max(a.connected(), b.connected())
                        : a.connected() + b.connected());
    }
}
