package io.fleetstorm.report;

import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.SeriesPoint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The numbers report.html draws, as JSON beside its script. Over time: one column per interval on a time axis from 0
 * to the run's end ({@code t} holds each interval's end, after a leading 0), with rates per second, p99 latency per
 * operation in milliseconds ({@code null} where an interval had no completion: a gap, never a line drawn across it),
 * completions per second ({@code 0} where there were none), connected devices, the phases and the outages. An
 * interval shorter than {@value #MIN_INTERVAL_SECONDS} s (a phase boundary's or the run's last flip) is added to
 * the one before, so that no rate is a handful of operations over a few milliseconds. Per group and operation: the
 * latency at percentiles on the "nines" axis, x = log10(1 / (1 - p)), corrected and service time on the same x.
 */
final class ChartData {

    /** Intervals shorter than this join their neighbour. */
    static final double MIN_INTERVAL_SECONDS = 0.25;
    /** The nines axis is sampled this often (a tenth of a nine would be too coarse at 99.9 %). */
    static final double NINES_STEP = 0.02;
    /** The nines axis ends at 99.9999 % (6), or where the samples end (log10 of their count), whichever is less. */
    static final double NINES_MAX = 6;

    private ChartData() {
    }

    static JsonObject of(RunReport report) {
        RunResult r = report.result();
        List<SeriesPoint> points = coalesce(r.series());
        double end = Math.max(0, (r.endedEpochMillis() - r.startedEpochMillis()) / 1000.0);
        if (!points.isEmpty()) {
            SeriesPoint last = points.get(points.size() - 1);
            end = Math.max(end, last.offsetSeconds() + last.durationSeconds());
        }
        JsonArray t = new JsonArray();
        JsonArray sent = new JsonArray();
        JsonArray received = new JsonArray();
        JsonArray errors = new JsonArray();
        JsonArray connected = new JsonArray();
        boolean anyConnected = false;
        Set<String> operations = new LinkedHashSet<>();
        points.forEach(p -> operations.addAll(p.operations().keySet()));
        Map<String, JsonArray> rates = new LinkedHashMap<>();
        Map<String, JsonArray> p99s = new LinkedHashMap<>();
        operations.forEach(op -> {
            rates.put(op, new JsonArray());
            p99s.put(op, new JsonArray());
        });
        for (int i = 0; i <= points.size() && !points.isEmpty(); i++) {
            // column 0 is the run's start; it repeats the first interval, whose step it begins
            SeriesPoint p = points.get(Math.max(0, i - 1));
            double d = p.durationSeconds();
            t.add(i == 0 ? 0 : p.offsetSeconds() + d);
            sent.add(p.sent() / d);
            received.add(p.received() / d);
            errors.add(p.errors() / d);
            // a run starts with no device connected; each later column is the gauge at its interval's end
            connected.add(p.connected() < 0 ? null : i == 0 ? 0 : p.connected());
            anyConnected |= p.connected() >= 0;
            for (String op : operations) {
                SeriesPoint.Latency l = p.operations().get(op);
                rates.get(op).add(l == null ? 0 : l.count() / d);
                p99s.get(op).add(l == null ? null : l.p99() * 1e3);
            }
        }
        JsonObject ops = new JsonObject();
        operations.forEach(op -> ops.put(op, new JsonObject().put("rate", rates.get(op)).put("p99", p99s.get(op))));
        return new JsonObject().put("durationSeconds", end).put("t", t).put("sentRate", sent)
                .put("receivedRate", received).put("errorRate", errors).put("connected", anyConnected ? connected
                        : null).put("ops", ops).put("phases", phases(points)).put("events", events(r))
                .put("distributions", distributions(report));
    }

    /**
     * Intervals of less than {@link #MIN_INTERVAL_SECONDS} (a zero-length last flip too: its counts are real) added
     * to the one before (the first: to the next).
     */
    static List<SeriesPoint> coalesce(List<SeriesPoint> series) {
        List<SeriesPoint> out = new ArrayList<>();
        SeriesPoint pending = null;
        for (SeriesPoint p : series) {
            if (pending != null) {
                p = join(pending, p, false);
                pending = null;
            }
            if (p.durationSeconds() >= MIN_INTERVAL_SECONDS) {
                out.add(p);
            } else if (!out.isEmpty()) {
                out.set(out.size() - 1, join(out.get(out.size() - 1), p, true));
            } else {
                pending = p;
            }
        }
        if (pending != null && pending.durationSeconds() > 0) {
            out.add(pending);
        }
        return out;
    }

    /**
     * Two adjacent intervals as one: counts add, latency percentiles take the larger (the points keep no histogram;
     * the larger is what the longer interval would have shown at least), the connected devices of {@code keepFirst}.
     */
    private static SeriesPoint join(SeriesPoint a, SeriesPoint b, boolean keepFirst) {
        Map<String, SeriesPoint.Latency> ops = new LinkedHashMap<>(a.operations());
        b.operations().forEach((op, l) -> ops.merge(op, l, (x, y) -> new SeriesPoint.Latency(x.count() + y.count(),
                Math.max(x.p50(), y.p50()), Math.max(x.p99(), y.p99()), Math.max(x.max(), y.max()))));
        SeriesPoint kept = keepFirst ? a : b;
        return new SeriesPoint(a.offsetSeconds(), a.durationSeconds() + b.durationSeconds(), kept.phase(),
                a.sent() + b.sent(), a.received() + b.received(), a.errors() + b.errors(),
                a.lateStarts() + b.lateStarts(), Math.max(a.cpuRatio(), b.cpuRatio()),
                Math.max(a.loopLagP99Seconds(), b.loopLagP99Seconds()), ops,
                kept.connected() >= 0 ? kept.connected() : (keepFirst ? b : a).connected());
    }

    /** Where each phase begins: the start of its first interval. */
    private static JsonArray phases(List<SeriesPoint> points) {
        JsonArray a = new JsonArray();
        String current = null;
        for (SeriesPoint p : points) {
            if (!p.phase().equals(current)) {
                a.add(new JsonObject().put("name", p.phase()).put("start", p.offsetSeconds()));
                current = p.phase();
            }
        }
        return a;
    }

    /** Target outages and reconnect storms, where they began. */
    private static JsonArray events(RunResult r) {
        JsonArray a = new JsonArray();
        for (Outage o : r.outages()) {
            a.add(new JsonObject().put("t", r.secondsAt(o.startEpochMillis()))
                    .put("label", (o.planned() ? "storm " : "outage ") + o.group()));
        }
        return a;
    }

    private static JsonArray distributions(RunReport report) {
        JsonArray a = new JsonArray();
        report.result().run().latencies().forEach((key, h) -> {
            Histogram c = h.corrected();
            Histogram s = h.service();
            JsonArray x = new JsonArray();
            JsonArray corrected = new JsonArray();
            JsonArray service = new JsonArray();
            long n = c.getTotalCount();
            if (n > 0) {
                double xMax = Math.min(NINES_MAX, Math.max(1, Math.log10(n)));
                int steps = (int) Math.ceil(xMax / NINES_STEP);
                for (int i = 0; i <= steps; i++) {
                    double at = Math.min(xMax, i * NINES_STEP);
                    boolean last = i == steps;
                    double percentile = 100 * (1 - Math.pow(10, -at));
                    x.add(Math.round(at * 1e4) / 1e4);
                    corrected.add(millis(c, percentile, last));
                    service.add(s.getTotalCount() == 0 ? null : millis(s, percentile, last));
                }
            }
            a.add(new JsonObject().put("tag", key.tag()).put("count", n).put("x", x).put("corrected", corrected)
                    .put("service", service));
        });
        return a;
    }

    /** The value at a percentile in milliseconds; the last column of the axis shows the maximum. */
    private static double millis(Histogram h, double percentile, boolean last) {
        long v = last ? h.getMaxValue() : h.getValueAtPercentile(percentile);
        return Math.max(1, v) / 1e6;
    }
}
