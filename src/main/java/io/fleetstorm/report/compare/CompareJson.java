package io.fleetstorm.report.compare;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code compare.json}: both runs, every figure with its change and interval, every rule, the methods used. */
public final class CompareJson {

    public static final String FILE_NAME = "compare.json";
    public static final int SCHEMA_VERSION = 1;

    private CompareJson() {
    }

    public static JsonObject toJson(RunComparison c) {
        JsonArray rows = new JsonArray();
        for (CompareRow r : c.rows()) {
            rows.add(new JsonObject().put("subject", r.subject()).put("operation", r.operation())
                    .put("group", r.group()).put("metric", r.metric()).put("unit", unit(r))
                    .put("baseline", num(r.baseline())).put("current", num(r.current()))
                    .put("change", num(r.change())).put("relativeChange", num(r.relativeChange()))
                    .put("low", num(r.low())).put("high", num(r.high())).put("beyondNoise", r.beyondNoise())
                    .put("noise", r.method().name().toLowerCase(java.util.Locale.ROOT)));
        }
        JsonArray rules = new JsonArray();
        for (RunComparison.RuleResult r : c.rules()) {
            rules.add(new JsonObject().put("rule", r.rule().expression()).put("subject", r.row() == null ? null
                    : r.row().subject()).put("regressed", r.regressed()).put("text", r.text()));
        }
        JsonObject methods = new JsonObject();
        c.methods().forEach(m -> methods.put(m.name().toLowerCase(java.util.Locale.ROOT), m.description()));
        return new JsonObject().put("schemaVersion", SCHEMA_VERSION).put("tool", "fleetstorm").put("kind", "compare")
                .put("baseline", side(c.baseline())).put("current", side(c.current()))
                .put("confidence", c.confidence()).put("regressed", c.regressed())
                .put("exitCode", c.regressed() ? 3 : 0).put("verdict", CompareText.verdict(c))
                .put("rows", rows).put("rules", rules).put("noise", methods);
    }

    private static JsonObject side(ComparedRun r) {
        return new JsonObject().put("runId", r.label()).put("scenario", r.report().result().info().scenario())
                .put("source", r.source().toString()).put("intervals", r.hasIntervals())
                .put("durationSeconds", r.report().result().run().durationSeconds()).put("note", r.hlogNote());
    }

    private static String unit(CompareRow r) {
        return switch (r.kind()) {
            case DURATION -> "seconds";
            case RATE -> "per second";
            case RATIO -> "ratio";
            default -> "count";
        };
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
