package io.fleetstorm.cluster;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The work the controller sends one agent: the scenario as written (text, file name, {@code --set} overrides and
 * duration cap, so the agent validates exactly what the controller did), the target, the agent's shard, the common
 * start instant, and where to report.
 *
 * @param target           HOST:PORT every agent connects to (the controller's embedded hub or {@code --target}), or
 *                         null for the file's target; an agent's own {@code --target} wins
 * @param apiUrl           the hub API for that target, or null
 * @param durationMillis   the {@code --duration} cap, or 0 for none
 * @param startEpochMillis when phase one starts, on every agent
 * @param apiKey           {@code SECRET_ID:SECRET_KEY} of the controller's embedded hub, which agents sign with
 *                         (that hub's pair lives as long as the run); null otherwise: agents sign with their own
 *                         environment's or credentials file's pair, which never travels. Never in {@link #toString}.
 */
public record Assignment(String runId, String reportAddress, String scenarioText, String fileName,
        Map<String, String> overrides, long durationMillis, String target, String apiUrl, Shard shard,
        long startEpochMillis, String apiKey) {

    public Assignment(String runId, String reportAddress, String scenarioText, String fileName,
            Map<String, String> overrides, long durationMillis, String target, String apiUrl, Shard shard,
            long startEpochMillis) {
        this(runId, reportAddress, scenarioText, fileName, overrides, durationMillis, target, apiUrl, shard,
                startEpochMillis, null);
    }

    @Override
    public String toString() {
        return "Assignment[runId=" + runId + ", shard=" + shard + ", target=" + target + ", apiUrl=" + apiUrl
                + (apiKey == null ? "" : ", apiKey=***") + "]";
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        overrides.forEach(o::put);
        return new JsonObject().put("type", "assign").put("runId", runId).put("reportAddress", reportAddress)
                .put("scenario", scenarioText).put("fileName", fileName).put("overrides", o)
                .put("durationMillis", durationMillis).put("target", target).put("apiUrl", apiUrl)
                .put("shard", shard.toString()).put("startEpochMillis", startEpochMillis).put("apiKey", apiKey);
    }

    public static Assignment fromJson(JsonObject j) {
        Map<String, String> overrides = new LinkedHashMap<>();
        j.getJsonObject("overrides").forEach(e -> overrides.put(e.getKey(), String.valueOf(e.getValue())));
        return new Assignment(j.getString("runId"), j.getString("reportAddress"), j.getString("scenario"),
                j.getString("fileName"), overrides, j.getLong("durationMillis"), j.getString("target"),
                j.getString("apiUrl"), Shard.parse(j.getString("shard")), j.getLong("startEpochMillis"),
                j.getString("apiKey"));
    }
}
