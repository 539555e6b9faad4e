package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.HistogramCodec;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
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
        CliRunner r = CliRunner.run("run", file.toString(), "--output", out.toString(), "--metrics-port", "0",
                "--run-id", "it-1");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("verdict: PASSED (exit code 0)", "sensors.publish-ack", "results: ");
        JsonObject summary = new JsonObject(Files.readString(out.resolve("summary.json")));
        assertThat(summary.getInteger("schemaVersion")).isEqualTo(1);
        assertThat(summary.getString("runId")).isEqualTo("it-1");
        assertThat(summary.getJsonObject("verdict").getInteger("exitCode")).isZero();
        JsonObject publish = summary.getJsonObject("run").getJsonArray("operations").stream()
                .map(o -> (JsonObject) o).filter(o -> o.getString("operation").equals("publish-ack")).findFirst()
                .orElseThrow();
        assertThat(publish.getLong("count")).as("3 s x 50 devices x 1/s telemetry + 3 s x 10/s echo, all QoS 1")
                .isEqualTo(180);
        Histogram decoded = HistogramCodec.decode(publish.getString("correctedHistogram"));
        assertThat(decoded.getTotalCount()).isEqualTo(180);
        // two thresholds, the default connect rule (errors.rate is stated), the generator, the run's two checks
        assertThat(Files.readString(out.resolve("junit.xml"))).contains("tests=\"6\" failures=\"0\"");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<script>").doesNotContain("src=\"http");

        long logged = 0;
        try (InputStream in = Files.newInputStream(out.resolve("latency.hlog"))) {
            HistogramLogReader reader = new HistogramLogReader(in);
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if ("sensors.publish-ack".equals(h.getTag())) {
                    logged += ((Histogram) h).getTotalCount();
                }
            }
        }
        assertThat(logged).as("the interval log holds every publish-ack of the run").isEqualTo(180);
    }

    @Test
    void aBreachedThresholdExitsThreeWithAJunitFailure(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, String.format(SCENARIO, "1us").replace("count: 50", "count: 20"));
        Path out = dir.resolve("results");
        CliRunner r = CliRunner.run("run", file.toString(), "--output", out.toString(), "--metrics-port", "-1",
                "--set", "phases[1].duration=2s");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).containsPattern("FAIL publish-ack.p99 < 1us: observed \\S+ \\(whole run\\)")
                .contains("verdict: BREACHED (exit code 3)");
        assertThat(Files.readString(out.resolve("junit.xml")))
                .contains("<testcase classname=\"fleetstorm.thresholds\" name=\"publish-ack.p99 &lt; 1us\">")
                .contains("<failure message=\"observed ");
    }

    @Test
    void anAbortOnFailThresholdStopsTheRunAtItsFirstBreach(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, String.format(SCENARIO, "5s").replace("duration: 3s", "duration: 60s")
                + "  - {expr: \"publish-ack.max < 1us\", phase: steady, abortOnFail: true}\n");
        Path out = dir.resolve("results");
        long start = System.nanoTime();
        CliRunner r = CliRunner.run("run", file.toString(), "--output", out.toString(), "--metrics-port", "-1");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(seconds).as("stopped in the first seconds of a 60 s phase").isLessThan(30);
        assertThat(r.err()).contains("FAIL publish-ack.max < 1us: observed ");
        assertThat(r.out()).contains("verdict: BREACHED (exit code 3)", "(aborted: abortOnFail threshold "
                + "publish-ack.max < 1us failed: observed ", "  stopped early by abortOnFail: publish-ack.max < 1us: "
                + "observed ").containsPattern("\\(phase steady, at [0-9.]+m?s\\)");
        JsonObject summary = new JsonObject(Files.readString(out.resolve("summary.json")));
        assertThat(summary.getBoolean("aborted")).isTrue();
        assertThat(summary.getString("abortCause")).isEqualTo("THRESHOLD");
        assertThat(Files.readString(out.resolve("junit.xml")))
                .contains("name=\"publish-ack.max &lt; 1us [phase steady]\">");
    }

    @Test
    void aThresholdTheGrammarRefusesIsNamedWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, String.format(SCENARIO, "5s") + "  - \"publish-ack.p99 < 200\"\n");
        CliRunner r = CliRunner.run("run", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fleetstorm: " + file + ": 1 error\n  " + file + ":20: thresholds[2] threshold "
                + "'publish-ack.p99 < 200': a latency limit needs a unit (ns, us, ms, s, m, h), but was '200'\n");
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
    void sigtermStopsTheRunWritesResultsAndExitsFourWhileMetricsAreServed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, String.format(SCENARIO, "5s").replace("duration: 3s", "duration: 60s"));
        Path out = dir.resolve("results");
        Process run = new ProcessBuilder("java", "-jar", Path.of("target", "fleetstorm.jar").toString(), "run",
                file.toString(), "--output", out.toString(), "--metrics-port", "0", "--metrics-host", "127.0.0.1",
                "--run-id", "sig-1").redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(run.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            int port = -1;
            while ((line = lines.readLine()) != null && !line.startsWith("[steady")) {
                Matcher m = Pattern.compile("^metrics: http://127.0.0.1:(\\d+)/metrics$").matcher(line);
                if (m.matches()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(port).as("the run said where /metrics is").isPositive();
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains(
                    "fleetstorm_devices_connected{group=\"all\",run=\"sig-1\",scenario=\"run-it\"} 50.0",
                    "fleetstorm_hub_connections_open{hub=\"embedded\"} 50.0",
                    "fleetstorm_hub_connects_accepted_total{hub=\"embedded\"} 50.0",
                    "fleetstorm_operation_latency_seconds_count{group=\"sensors\",operation=\"connect\","
                            + "phase=\"connect\",run=\"sig-1\",scenario=\"run-it\"} 50");
            new ProcessBuilder("kill", "-TERM", Long.toString(run.pid())).start().waitFor();
            StringBuilder rest = new StringBuilder();
            while ((line = lines.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(rest.toString()).isEqualTo(4);
            assertThat(rest.toString()).contains("SIGTERM received", "verdict: ABORTED (exit code 4)",
                    "aborted: stopped by SIGTERM");
            JsonObject summary = new JsonObject(Files.readString(out.resolve("summary.json")));
            assertThat(summary.getJsonObject("verdict").getString("status")).isEqualTo("ABORTED");
            assertThat(summary.getString("abortCause")).isEqualTo("SIGNAL");
        } finally {
            run.destroyForcibly();
        }
    }
}
