package io.fleetstorm.capacity;

import io.fleetstorm.report.ThresholdResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * {@code capacity.json}: the answer ({@code dimension}, {@code capacity} in {@code unit} per second or devices,
 * {@code bound}, the bracket) and every step with its load, outcome, measurement and thresholds. Latencies in seconds,
 * ratios 0..1, NaN written as null. Schema in docs/capacity.md.
 */
public final class CapacityJson {

    /** Bumped on any incompatible change. */
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE_NAME = "capacity.json";

    private CapacityJson() {
    }

    /**
     * @param scenario   the scenario's name
     * @param runId      the search's id (each step's run id is it plus {@code -stepN})
     * @param thresholds the thresholds each step was judged by, as written
     */
    public static JsonObject toJson(CapacityResult r, String scenario, String runId, List<String> thresholds,
            double settleSeconds, double measureSeconds, int agents) {
        JsonArray steps = new JsonArray();
        for (StepResult s : r.steps()) {
            steps.add(step(s));
        }
        return new JsonObject().put("schemaVersion", SCHEMA_VERSION).put("tool", "fleetstorm")
                .put("kind", "capacity").put("scenario", scenario).put("runId", runId)
                .put("dimension", r.dimension().text()).put("unit", r.dimension().unit())
                .put("capacity", r.capacity()).put("bound", r.bound())
                .put("bracket", new JsonObject().put("low", r.low()).put("high", r.high()))
                .put("answer", r.answer()).put("exitCode", r.exitCode().code())
                .put("from", r.from()).put("to", r.to()).put("precision", r.precision())
                .put("settleSeconds", settleSeconds).put("measureSeconds", measureSeconds).put("agents", agents)
                .put("thresholds", new JsonArray(thresholds)).put("steps", steps);
    }

    static JsonObject step(StepResult s) {
        JsonObject ops = new JsonObject();
        for (Map.Entry<String, OperationStats> e : s.operations().entrySet()) {
            OperationStats o = e.getValue();
            ops.put(e.getKey(), new JsonObject().put("count", o.count()).put("ratePerSecond", num(o.ratePerSecond()))
                    .put("p50", num(o.p50())).put("p90", num(o.p90())).put("p99", num(o.p99()))
                    .put("p999", num(o.p999())).put("max", num(o.max())));
        }
        JsonArray thresholds = new JsonArray();
        for (ThresholdResult t : s.thresholds()) {
            thresholds.add(new JsonObject().put("expression", t.spec().expression())
                    .put("observed", num(t.observed())).put("observedText", t.observedText())
                    .put("limit", t.spec().value()).put("passed", t.passed()));
        }
        return new JsonObject().put("index", s.index()).put("load", s.load()).put("stage", s.stage())
                .put("outcome", s.outcome().label()).put("passed", s.outcome() == Outcome.PASS)
                .put("reasons", new JsonArray(s.reasons())).put("stoppedEarly", s.stoppedEarly())
                .put("measuredSeconds", s.measuredSeconds()).put("wallSeconds", s.wallSeconds())
                .put("offeredPerSecond", num(s.offeredPerSecond())).put("errors", s.errors())
                .put("errorRate", num(s.errorRate())).put("operations", ops).put("thresholds", thresholds)
                .put("saturation", new JsonArray(s.saturation())).put("report", s.reportDir());
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
