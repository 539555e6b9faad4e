package io.fleetstorm.report;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.CounterKey;
import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.GroupOperation;
import io.fleetstorm.metrics.HistogramCodec;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.PhasePlan;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.SeriesPoint;
import io.fleetstorm.metrics.Span;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Writes {@code summary.json} (schema in docs/verdict.md, {@link #SCHEMA_VERSION}). The encoded histograms are the
 * source of truth; percentiles and rates beside them are derived, for people and scripts. Fields added within
 * version 1 (abortCause, stoppedBy, sanity, devices, outages; a threshold's group, windowSeconds and atSeconds) are
 * optional to {@link SummaryReader}, so older files still read.
 */
public final class SummaryJson {

    /** Bumped on any incompatible change; readers refuse other versions. */
    public static final int SCHEMA_VERSION = 1;

    private SummaryJson() {
    }

    public static JsonObject toJson(RunReport report) {
        RunResult r = report.result();
        JsonObject json = new JsonObject()
                .put("schemaVersion", SCHEMA_VERSION)
                .put("tool", "fleetstorm")
                .put("scenario", r.info().scenario())
                .put("runId", r.info().runId())
                .put("sources", new JsonArray(report.sources()))
                .put("groups", new JsonArray(r.info().groups()))
                .put("plannedPhases", plannedPhases(r))
                .put("startedAt", Instant.ofEpochMilli(r.startedEpochMillis()).toString())
                .put("endedAt", Instant.ofEpochMilli(r.endedEpochMillis()).toString())
                .put("startedEpochMillis", r.startedEpochMillis())
                .put("endedEpochMillis", r.endedEpochMillis())
                .put("aborted", r.aborted())
                .put("abortCause", r.abortCause() == null ? null : r.abortCause().name())
                .put("abortReason", r.abortReason())
                .put("stoppedBy", report.live().stoppedBy() == null ? null : threshold(report.live().stoppedBy()))
                .put("acceptSaturation", report.acceptSaturation())
                .put("verdict", new JsonObject().put("status", report.verdict().status().name())
                        .put("exitCode", report.verdict().exitCode())
                        .put("reasons", new JsonArray(report.verdict().reasons())))
                .put("saturation", new JsonObject().put("saturated", report.saturation().saturated())
                        .put("reasons", new JsonArray(report.saturation().reasons())))
                .put("thresholds", thresholds(report))
                .put("sanity", sanity(report))
                .put("devices", devices(r.run()))
                .put("outages", outages(r))
                .put("run", section(r.run()));
        JsonArray phases = new JsonArray();
        r.phases().forEach((name, section) -> phases.add(section(section).put("name", name)));
        json.put("phases", phases);
        json.put("series", series(r));
        return json;
    }

    private static JsonArray plannedPhases(RunResult r) {
        JsonArray a = new JsonArray();
        for (PhasePlan p : r.info().phases()) {
            a.add(new JsonObject().put("name", p.name()).put("durationSeconds", p.durationNanos() / 1e9));
        }
        return a;
    }

    private static JsonArray thresholds(RunReport report) {
        JsonArray a = new JsonArray();
        for (ThresholdResult t : report.thresholdResults()) {
            a.add(threshold(t));
        }
        return a;
    }

    /** A judged threshold; a windowed one's observed value and time are what it was judged by (read back as is). */
    static JsonObject threshold(ThresholdResult t) {
        ThresholdSpec s = t.spec();
        return new JsonObject().put("expression", s.expression()).put("phase", s.phase()).put("group", s.group())
                .put("windowSeconds", s.windowed() ? s.windowNanos() / 1e9 : null)
                .put("abortOnFail", s.abortOnFail()).put("passed", t.passed())
                .put("observed", Double.isNaN(t.observed()) ? null : t.observed())
                .put("observedText", t.observedText()).put("atSeconds", Double.isNaN(t.atSeconds()) ? null
                        : t.atSeconds())
                .put("limit", s.value()).put("limitText", s.limitText()).put("describe", t.describe());
    }

    private static JsonArray sanity(RunReport report) {
        JsonArray a = new JsonArray();
        for (ThresholdResult t : report.sanityResults()) {
            a.add(new JsonObject().put("expression", t.spec().expression()).put("passed", t.passed())
                    .put("observed", Double.isNaN(t.observed()) ? null : t.observed())
                    .put("describe", SanityRules.describe(t, report.result().run())));
        }
        return a;
    }

    private static JsonObject devices(ResultSection run) {
        return new JsonObject().put("connectedAtLeastOnce", run.counter(Counter.DEVICES_CONNECTED_ONCE))
                .put("socketsConnectedAtLeastOnce", run.counter(Counter.SOCKETS_CONNECTED_ONCE))
                .put("neverConnected", run.counter(Counter.DEVICES_NEVER_CONNECTED))
                .put("connectRetries", run.counter(Counter.CONNECT_RETRIES))
                .put("apiRetries", run.counter(Counter.API_RETRIES))
                .put("abandonedAtEnd", run.counter(Counter.ABANDONED));
    }

    private static JsonArray outages(RunResult r) {
        JsonArray a = new JsonArray();
        for (Outage o : r.outages()) {
            a.add(new JsonObject().put("group", o.group()).put("startEpochMillis", o.startEpochMillis())
                    .put("atSeconds", r.secondsAt(o.startEpochMillis())).put("dropped", o.dropped())
                    .put("back50Millis", o.back50Millis()).put("back99Millis", o.back99Millis())
                    .put("back100Millis", o.back100Millis()).put("neverBack", o.neverBack())
                    .put("qos1Unacknowledged", o.qos1Unacknowledged()).put("planned", o.planned())
                    .put("text", SummaryLines.outage(o, r)));
        }
        return a;
    }

    static JsonObject section(ResultSection s) {
        JsonArray spans = new JsonArray();
        for (Span span : s.spans()) {
            spans.add(new JsonArray().add(span.startMillis()).add(span.endMillis()));
        }
        JsonArray ops = new JsonArray();
        for (Map.Entry<GroupOperation, LatencyHistograms> e : s.latencies().entrySet()) {
            LatencyHistograms h = e.getValue();
            long count = h.corrected().getTotalCount();
            JsonArray active = new JsonArray();
            s.activeSpans(e.getKey()).forEach(a -> active.add(new JsonArray().add(a.startMillis()).add(a.endMillis())));
            ops.add(new JsonObject().put("group", e.getKey().group())
                    .put("operation", e.getKey().operation().label())
                    .put("count", count).put("ratePerSecond", s.activeRate(e.getKey()))
                    .put("activeSeconds", s.activeSeconds(e.getKey())).put("activeSpans", active)
                    .put("corrected", percentiles(h.corrected())).put("service", percentiles(h.service()))
                    .put("correctedHistogram", HistogramCodec.encode(h.corrected()))
                    .put("serviceHistogram", HistogramCodec.encode(h.service())));
        }
        JsonArray counters = new JsonArray();
        for (Map.Entry<CounterKey, Long> e : s.counters().entrySet()) {
            CounterKey k = e.getKey();
            counters.add(new JsonObject().put("group", k.group()).put("counter", k.counter().label())
                    .put("behaviour", k.behaviour()).put("qos", k.qos()).put("value", e.getValue()));
        }
        JsonArray errors = new JsonArray();
        for (Map.Entry<ErrorKey, Long> e : s.errors().entrySet()) {
            errors.add(new JsonObject().put("group", e.getKey().group()).put("kind", e.getKey().kind())
                    .put("reason", e.getKey().reason()).put("count", e.getValue()));
        }
        Histogram lag = s.generator().loopLag();
        JsonObject generator = new JsonObject().put("cpuMaxRatio", s.generator().cpuMaxRatio())
                .put("cpuBusySeconds", s.generator().cpuBusySeconds())
                .put("intervals", s.generator().intervals()).put("slowIntervals", s.generator().slowIntervals())
                .put("longestSlowStreak", s.generator().longestSlowStreak())
                .put("slowSeconds", new JsonArray(s.generator().slowSeconds()))
                .put("loopLag", percentiles(lag))
                .put("loopLagHistogram", HistogramCodec.encode(lag));
        return new JsonObject().put("durationSeconds", s.durationSeconds()).put("spans", spans).put("operations", ops)
                .put("counters", counters).put("errors", errors).put("generator", generator);
    }

    /** Percentiles in seconds (null when empty). */
    static JsonObject percentiles(Histogram h) {
        JsonObject p = new JsonObject().put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return p;
        }
        return p.put("min", h.getMinValue() / 1e9).put("mean", h.getMean() / 1e9)
                .put("p50", h.getValueAtPercentile(50) / 1e9).put("p90", h.getValueAtPercentile(90) / 1e9)
                .put("p99", h.getValueAtPercentile(99) / 1e9).put("p999", h.getValueAtPercentile(99.9) / 1e9)
                .put("max", h.getMaxValue() / 1e9);
    }

    private static JsonArray series(RunResult r) {
        JsonArray a = new JsonArray();
        for (SeriesPoint p : r.series()) {
            JsonObject ops = new JsonObject();
            p.operations().forEach((op, l) -> ops.put(op, new JsonObject().put("count", l.count())
                    .put("p50", l.p50()).put("p99", l.p99()).put("max", l.max())));
            a.add(new JsonObject().put("offsetSeconds", p.offsetSeconds()).put("durationSeconds", p.durationSeconds())
                    .put("phase", p.phase()).put("sent", p.sent()).put("received", p.received())
                    .put("errors", p.errors()).put("lateStarts", p.lateStarts()).put("cpuRatio", p.cpuRatio())
                    .put("loopLagP99Seconds", p.loopLagP99Seconds()).put("operations", ops)
                    .put("connected", p.connected()));
        }
        return a;
    }
}
