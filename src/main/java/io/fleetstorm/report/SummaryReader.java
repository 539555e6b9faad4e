package io.fleetstorm.report;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.CounterKey;
import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.GroupOperation;
import io.fleetstorm.metrics.HistogramCodec;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.PhasePlan;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.SeriesPoint;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code summary.json} back into a {@link RunReport}, re-evaluating its thresholds from the histograms. */
public final class SummaryReader {

    /** The file name inside an output directory. */
    public static final String FILE_NAME = "summary.json";

    private SummaryReader() {
    }

    /** Reads a summary.json, or the summary.json inside a directory; bad input throws with the file named. */
    public static RunReport read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": cannot read file");
        }
        try {
            return fromJson(new JsonObject(Files.readString(file)));
        } catch (DecodeException | ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not a fleetstorm summary.json: " + e.getMessage(), e);
        }
    }

    public static RunReport fromJson(JsonObject json) {
        int version = json.getInteger("schemaVersion", -1);
        if (version != SummaryJson.SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion must be " + SummaryJson.SCHEMA_VERSION + ", but was "
                    + version);
        }
        List<PhasePlan> plans = new ArrayList<>();
        for (Object o : json.getJsonArray("plannedPhases")) {
            JsonObject p = (JsonObject) o;
            plans.add(new PhasePlan(p.getString("name"), Math.round(p.getDouble("durationSeconds") * 1e9)));
        }
        RunInfo info = new RunInfo(json.getString("scenario"), json.getString("runId"),
                strings(json.getJsonArray("groups")), plans);
        Map<String, ResultSection> phases = new LinkedHashMap<>();
        for (Object o : json.getJsonArray("phases")) {
            phases.put(((JsonObject) o).getString("name"), section((JsonObject) o));
        }
        RunResult result = new RunResult(info, json.getLong("startedEpochMillis"), json.getLong("endedEpochMillis"),
                json.getBoolean("aborted"), json.getString("abortReason"), section(json.getJsonObject("run")),
                phases, series(json.getJsonArray("series")));
        List<ThresholdSpec> specs = new ArrayList<>();
        for (Object o : json.getJsonArray("thresholds")) {
            JsonObject t = (JsonObject) o;
            specs.add(ThresholdSpec.parse(t.getString("expression")).inPhase(t.getString("phase"))
                    .withAbortOnFail(t.getBoolean("abortOnFail", false)));
        }
        return RunReport.evaluate(result, specs, json.getBoolean("acceptSaturation", false),
                strings(json.getJsonArray("sources")));
    }

    static ResultSection section(JsonObject json) {
        ResultSection s = new ResultSection();
        for (Object o : json.getJsonArray("spans")) {
            JsonArray span = (JsonArray) o;
            s.addSpan(span.getLong(0), span.getLong(1));
        }
        for (Object o : json.getJsonArray("operations")) {
            JsonObject op = (JsonObject) o;
            Operation operation = Operation.fromLabel(op.getString("operation")).orElseThrow(
                    () -> new IllegalArgumentException("unknown operation '" + op.getString("operation") + "'"));
            s.addLatency(new GroupOperation(op.getString("group"), operation), new LatencyHistograms(
                    HistogramCodec.decode(op.getString("correctedHistogram")),
                    HistogramCodec.decode(op.getString("serviceHistogram"))));
        }
        for (Object o : json.getJsonArray("counters")) {
            JsonObject c = (JsonObject) o;
            Counter counter = Counter.fromLabel(c.getString("counter")).orElseThrow(
                    () -> new IllegalArgumentException("unknown counter '" + c.getString("counter") + "'"));
            s.addCounter(new CounterKey(c.getString("group"), counter, c.getString("behaviour"), c.getInteger("qos")),
                    c.getLong("value"));
        }
        for (Object o : json.getJsonArray("errors")) {
            JsonObject e = (JsonObject) o;
            s.addError(new ErrorKey(e.getString("group"), e.getString("kind"), e.getString("reason")),
                    e.getLong("count"));
        }
        JsonObject g = json.getJsonObject("generator");
        s.generator().noteCpu(g.getDouble("cpuMaxRatio"), g.getDouble("cpuBusySeconds"));
        List<Long> slow = new java.util.ArrayList<>();
        g.getJsonArray("slowSeconds", new JsonArray()).forEach(v -> slow.add(((Number) v).longValue()));
        s.generator().restoreIntervals(g.getInteger("intervals", 0), g.getInteger("slowIntervals", 0),
                g.getInteger("longestSlowStreak", 0), slow);
        s.addLoopLag(HistogramCodec.decode(g.getString("loopLagHistogram")));
        return s;
    }

    private static List<SeriesPoint> series(JsonArray json) {
        List<SeriesPoint> points = new ArrayList<>();
        for (Object o : json) {
            JsonObject p = (JsonObject) o;
            Map<String, SeriesPoint.Latency> ops = new LinkedHashMap<>();
            p.getJsonObject("operations").forEach(e -> {
                JsonObject l = (JsonObject) e.getValue();
                ops.put(e.getKey(), new SeriesPoint.Latency(l.getLong("count"), l.getDouble("p50"),
                        l.getDouble("p99"), l.getDouble("max")));
            });
            points.add(new SeriesPoint(p.getDouble("offsetSeconds"), p.getDouble("durationSeconds"),
                    p.getString("phase"), p.getLong("sent"), p.getLong("received"), p.getLong("errors"),
                    p.getLong("lateStarts"), p.getDouble("cpuRatio"), p.getDouble("loopLagP99Seconds"), ops));
        }
        return points;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(o -> out.add((String) o));
        return out;
    }
}
