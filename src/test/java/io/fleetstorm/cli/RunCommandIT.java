package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleetstorm run} as a pipeline uses it: a scenario in, result files and an exit code out. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunCommandIT {

    private static final String SCENARIO = """
            name: run-it
            groups:
              - name: sensors
                productId: RUNIT00001
                count: 50
                credentials: {productSecret: s}
            phases:
              - name: connect
                duration: 2s
                sensors:
                  connect: {rate: 100/s}
              - name: steady
                duration: 3s
                sensors:
                  telemetry: {rate: 1/s per device, qos: 1}
                  echo: {rate: 10/s}
            thresholds:
              - "publish-ack.p99 < %s"
              - "errors.rate < 1%%"
            """;

    @Test
    void aPassingRunWritesItsResultsAndExitsZero(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        // a 5 s run is mostly JVM warm-up: accept a generator that falls behind then, the files are what is tested
        Files.writeString(file, String.format(SCENARIO, "5s") + "acceptSaturation: true\n");
        Path out = dir.resolve("results");
        CliRunner r = CliRunner.run("run", file.toString(), "--output", out.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASSED", "publish-ack", "results: ");
        JsonObject summary = new JsonObject(Files.readString(out.resolve("summary.json")));
        assertThat(summary.getInteger("schemaVersion")).isEqualTo(1);
        assertThat(summary.getInteger("exitCode")).isZero();
        JsonObject publish = summary.getJsonArray("operations").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("operation").equals("publish-ack")).findFirst().orElseThrow();
        assertThat(publish.getLong("count")).as("3 s x 50 devices x 1/s telemetry + 3 s x 10/s echo, all QoS 1")
                .isEqualTo(180);
        assertThat(publish.getString("correctedHistogram")).isNotEmpty();
        assertThat(Files.readString(out.resolve("junit.xml"))).contains("tests=\"3\" failures=\"0\"");
    }

    @Test
    void aBreachedThresholdExitsThreeWithAJunitFailure(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, String.format(SCENARIO, "1ms").replace("count: 50", "count: 20"));
        Path out = dir.resolve("results");
        CliRunner r = CliRunner.run("run", file.toString(), "--output", out.toString(), "--set",
                "phases[1].duration=2s");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).containsPattern("FAIL publish-ack.p99 < 1ms +observed \\d+\\.\\dms")
                .contains("FAILED: 1 threshold(s) breached");
        assertThat(Files.readString(out.resolve("junit.xml")))
                .contains("<testcase classname=\"thresholds\" name=\"publish-ack.p99 &lt; 1ms\"><failure message=\"observed");
    }

    @Test
    void anInvalidScenarioExitsTwoBeforeConnecting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, String.format(SCENARIO, "5s").replace("count: 50", "count: 0"));
        CliRunner r = CliRunner.run("run", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fleetstorm: " + file + ": 1 error\n  " + file
                + ":5: groups[0].count must be a whole number in 1..10000000, but was '0'\n");
    }

    @Test
    void sigtermStopsTheRunWritesResultsAndExitsFour(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, String.format(SCENARIO, "5s").replace("duration: 3s", "duration: 60s"));
        Path out = dir.resolve("results");
        Process run = new ProcessBuilder("java", "-jar", Path.of("target", "fleetstorm.jar").toString(), "run",
                file.toString(), "--output", out.toString()).redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null && !line.startsWith("[steady")) {
            // wait until the steady phase runs
        }
        new ProcessBuilder("kill", "-TERM", Long.toString(run.pid())).start().waitFor();
        StringBuilder rest = new StringBuilder();
        while ((line = lines.readLine()) != null) {
            rest.append(line).append('\n');
        }
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(rest.toString()).isEqualTo(4);
        assertThat(rest.toString()).contains("SIGTERM received", "ABORTED: stopped by SIGTERM");
        assertThat(out.resolve("summary.json")).exists();
    }
}
