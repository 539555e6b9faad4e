package io.fleetstorm.report;

import io.fleetstorm.metrics.AbortCause;
import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.CounterKey;
import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.GroupOperation;
import io.fleetstorm.metrics.HistogramCodec;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.PhasePlan;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.SeriesPoint;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
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
    /**
     * The largest summary.json read: a day-long run's series and histograms stay well under it, and a file this big
     * is read whole into memory.
     */
    static final long MAX_BYTES = 512L << 20;

    private SummaryReader() {
    }

    /** Reads a summary.json, or the summary.json inside a directory; bad input throws with the file named. */
    public static RunReport read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": cannot read file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IllegalArgumentException(file + ": not a fleetstorm summary.json: larger than "
                    + (MAX_BYTES >> 20) + " MB");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not a fleetstorm summary.json: not valid UTF-8", e);
        }
        try {
            return fromJson(new JsonObject(text));
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
        boolean aborted = json.getBoolean("aborted");
        String cause = json.getString("abortCause");
        RunResult result = new RunResult(info, json.getLong("startedEpochMillis"), json.getLong("endedEpochMillis"),
                cause != null ? AbortCause.valueOf(cause) : aborted ? AbortCause.SIGNAL : null,
                json.getString("abortReason"), section(json.getJsonObject("run")), phases,
                series(json.getJsonArray("series")), outages(json.getJsonArray("outages", new JsonArray())));
        List<ThresholdSpec> specs = new ArrayList<>();
        List<ThresholdResult> windowed = new ArrayList<>();
        for (Object o : json.getJsonArray("thresholds")) {
            JsonObject t = (JsonObject) o;
            ThresholdResult judged = judged(t);
            specs.add(judged.spec());
            if (judged.spec().windowed() && t.containsKey("atSeconds")) {
                windowed.add(judged);
            }
        }
        JsonObject stopped = json.getJsonObject("stoppedBy");
        LiveJudgement live = new LiveJudgement(windowed, stopped == null ? null : judged(stopped));
        return RunReport.evaluate(result, specs, json.getBoolean("acceptSaturation", false),
                strings(json.getJsonArray("sources")), live);
    }

    /** A threshold as saved: its spec, and its judgement as it was made (the one a windowed threshold keeps). */
    private static ThresholdResult judged(JsonObject t) {
        ThresholdSpec spec = ThresholdSpec.parse(t.getString("expression")).inPhase(t.getString("phase"))
                .withAbortOnFail(t.getBoolean("abortOnFail", false));
        Double observed = t.getDouble("observed");
        Double at = t.getDouble("atSeconds");
        return new ThresholdResult(spec, observed == null ? Double.NaN : observed, t.getBoolean("passed", false),
                at == null ? Double.NaN : at);
    }

    private static List<Outage> outages(JsonArray json) {
        List<Outage> outages = new ArrayList<>();
        for (Object o : json) {
            JsonObject j = (JsonObject) o;
            outages.add(new Outage(j.getString("group"), j.getLong("startEpochMillis"), j.getInteger("dropped"),
                    j.getLong("back50Millis"), j.getLong("back99Millis"), j.getLong("back100Millis"),
                    j.getInteger("neverBack"), j.getLong("qos1Unacknowledged"), j.getBoolean("planned", false)));
        }
        return outages;
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
            GroupOperation key = new GroupOperation(op.getString("group"), operation);
            s.addLatency(key, new LatencyHistograms(HistogramCodec.decode(op.getString("correctedHistogram")),
                    HistogramCodec.decode(op.getString("serviceHistogram"))));
            for (Object a : op.getJsonArray("activeSpans", new JsonArray())) {
                s.addActiveSpan(key, ((JsonArray) a).getLong(0), ((JsonArray) a).getLong(1));
            }
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
                    p.getLong("lateStarts"), p.getDouble("cpuRatio"), p.getDouble("loopLagP99Seconds"), ops,
                    p.getLong("connected", -1L)));
        }
        return points;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(o -> out.add((String) o));
        return out;
    }
}
