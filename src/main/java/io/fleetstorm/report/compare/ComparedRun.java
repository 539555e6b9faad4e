package io.fleetstorm.report.compare;

import io.fleetstorm.metrics.HlogSink;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.report.ReportFiles;
import io.fleetstorm.report.RunReport;
import io.fleetstorm.report.SummaryReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * One side of a comparison: a saved run's report ({@code summary.json}, whose histograms are exact) and, when its
 * {@code latency.hlog} lies beside it, the run's interval histograms per group and operation, which the noise
 * estimate resamples.
 *
 * @param source    the path given
 * @param report    the run, re-evaluated from summary.json
 * @param intervals corrected-latency interval histograms by hlog tag ({@code sensors.publish-ack}), keyed by the
 *                  interval's start (epoch ms) with its end; empty without a readable latency.hlog
 * @param hlogNote  why there are no intervals (null when there are)
 */
public record ComparedRun(Path source, RunReport report, Map<String, TreeMap<Long, Interval>> intervals,
        String hlogNote) {

    /** One interval of one tag: its histogram and its span (epoch ms). */
    public record Interval(Histogram histogram, long startMillis, long endMillis) {

        /** Its length in seconds. */
        public double seconds() {
            return Math.max(0, endMillis - startMillis) / 1000.0;
        }
    }

    /** The largest latency.hlog read (a day-long run at one interval a second stays well under it). */
    static final long MAX_HLOG_BYTES = 512L << 20;

    /** Reads a run's output directory or its summary.json, and the latency.hlog beside it if there is one. */
    public static ComparedRun read(Path path) throws IOException {
        RunReport report = SummaryReader.read(path);
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        Path hlog = dir == null ? null : dir.resolve(ReportFiles.HLOG);
        if (hlog == null || !Files.isRegularFile(hlog)) {
            return new ComparedRun(path, report, Map.of(), "no " + ReportFiles.HLOG + " beside its summary.json");
        }
        if (Files.size(hlog) > MAX_HLOG_BYTES) {
            return new ComparedRun(path, report, Map.of(), hlog + " is larger than " + (MAX_HLOG_BYTES >> 20)
                    + " MB");
        }
        try {
            return new ComparedRun(path, report, readHlog(hlog), null);
        } catch (RuntimeException e) {
            return new ComparedRun(path, report, Map.of(), hlog + " cannot be read: " + e.getMessage());
        }
    }

    private static Map<String, TreeMap<Long, Interval>> readHlog(Path hlog) throws IOException {
        Map<String, TreeMap<Long, Interval>> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(hlog); HistogramLogReader reader = new HistogramLogReader(in)) {
            EncodableHistogram e;
            while ((e = reader.nextIntervalHistogram()) != null) {
                if (!(e instanceof Histogram h) || h.getTag() == null || h.getTag().endsWith(HlogSink.SERVICE_SUFFIX)) {
                    continue;
                }
                Histogram copy = LatencyHistograms.newHistogram();
                copy.add(h);
                out.computeIfAbsent(h.getTag(), t -> new TreeMap<>()).merge(h.getStartTimeStamp(),
                        new Interval(copy, h.getStartTimeStamp(), h.getEndTimeStamp()), (a, b) -> {
                            a.histogram().add(b.histogram());
                            return a;
                        });
            }
        }
        return out;
    }

    /** A name for people: the run id and where it was read from. */
    public String label() {
        return report.result().info().runId();
    }

    /** The run's intervals of one operation (one group, or every group when null), in time order; empty if none. */
    public List<Interval> intervals(Operation op, String group) {
        TreeMap<Long, Interval> merged = new TreeMap<>();
        intervals.forEach((tag, series) -> {
            int dot = tag.lastIndexOf('.');
            String g = tag.substring(0, dot);
            if (tag.substring(dot + 1).equals(op.label()) && (group == null || group.equals(g))) {
                series.forEach((start, i) -> merged.merge(start, new Interval(i.histogram().copy(), i.startMillis(),
                        i.endMillis()), (a, b) -> {
                            a.histogram().add(b.histogram());
                            return a;
                        }));
            }
        });
        return new ArrayList<>(merged.values());
    }

    /** Whether the interval histograms are there for the noise estimate. */
    public boolean hasIntervals() {
        return !intervals.isEmpty();
    }
}
