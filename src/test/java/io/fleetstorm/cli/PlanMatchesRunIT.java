package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What {@code plan} promises is what {@code run} then reports: every behaviour's total against the run's counts. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PlanMatchesRunIT {

    private static final Pattern TOTAL = Pattern.compile("(?m)^  (\\S.*?) +([0-9,]+)$");

    @Test
    void planTotalsMatchTheRunsCounts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: plan-matches-run
                groups:
                  - {name: g, productId: PLANRUN001, count: 20, credentials: {productSecret: s}}
                phases:
                  - {name: connect, duration: 2s, g: {connect: 10/s}}
                  - {name: settle, duration: 2s, g: {idle: {}}}
                  - name: steady
                    duration: 4s
                    g:
                      telemetry: {rate: 2/s per device, qos: 1}
                      echo: {rate: 10/s}
                      shadow: {report: 5/s, get: 5/s, desired: 5/s}
                      downlink: {rate: 5/s}
                acceptSaturation: true
                """);
        CliRunner plan = CliRunner.run("plan", file.toString());
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        Map<String, Long> planned = new LinkedHashMap<>();
        Matcher m = TOTAL.matcher(plan.out().substring(plan.out().indexOf("totals:")));
        while (m.find()) {
            planned.put(m.group(1), Long.parseLong(m.group(2).replace(",", "")));
        }
        assertThat(planned).containsOnlyKeys("connect", "telemetry", "echo", "shadow report", "shadow get",
                "shadow desired", "downlink");

        Path out = dir.resolve("results");
        CliRunner run = CliRunner.run("run", file.toString(), "--output", out.toString(), "--metrics-port", "-1");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonObject summary = new JsonObject(Files.readString(out.resolve("summary.json")));
        Map<String, Long> counted = new LinkedHashMap<>();
        summary.getJsonObject("run").getJsonArray("operations").forEach(o -> counted.merge(
                ((JsonObject) o).getString("operation"), ((JsonObject) o).getLong("count"), Long::sum));

        assertClose(counted.get("connect"), planned.get("connect"));
        assertClose(counted.get("publish-ack"), planned.get("telemetry") + planned.get("echo")); // both QoS 1
        assertClose(counted.get("echo"), planned.get("echo"));
        assertClose(counted.get("shadow-update"), planned.get("shadow report"));
        assertClose(counted.get("shadow-get"), planned.get("shadow get"));
        // a desired change either reaches the device as a delta or fails at the API (today fleetstorm's own
        // describe-then-update race answers some with UpdateVersionNotMatch; once retried, all are deltas)
        long apiFailures = summary.getJsonObject("run").getJsonArray("errors").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("kind").equals("api")).mapToLong(o -> o.getLong("count")).sum();
        assertClose(counted.getOrDefault("shadow-delta", 0L) + apiFailures, planned.get("shadow desired"));
        assertClose(counted.get("downlink"), planned.get("downlink"));
    }

    /** Evenly spaced rates over whole seconds: the run does what the plan says, give or take an operation. */
    private static void assertClose(Long counted, long planned) {
        assertThat(counted).isNotNull();
        assertThat((double) counted).isCloseTo(planned, within(Math.max(2, planned * 0.05)));
    }
}
