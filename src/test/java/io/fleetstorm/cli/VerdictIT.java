package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verdicts through {@code fleetstorm run} against real peers: a target nothing listens on (exit 4), a hub that
 * refuses part of the fleet with no thresholds written (the default sanity rule, exit 3), and a windowed abortOnFail
 * that stops a long run early (exit 3, with the rule and the time in every output).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VerdictIT {

    private static final String PRODUCT = "VERDICTIT1";
    private static final String SECRET = "right-secret";

    @TempDir
    Path dir;

    @Test
    void aTargetNothingListensOnIsUnreachableWithExitFour() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: unreachable
                target: {host: 127.0.0.1, port: %d}
                groups:
                  - {name: sensors, productId: %s, count: 20, credentials: {productSecret: %s}}
                phases:
                  - name: connect
                    duration: 2s
                    sensors: {connect: {rate: 100/s}}
                """.formatted(port, PRODUCT, SECRET));
        Path out = dir.resolve("out");
        CliRunner r = CliRunner.run("run", file.toString(), "--output", out.toString(), "--metrics-port", "-1");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.out()).contains("verdict: UNREACHABLE (exit code 4)\n  target unreachable: no device ever "
                + "connected", "TCP connection refused: nothing listens on the target's port");
        JsonObject summary = new JsonObject(Files.readString(out.resolve("summary.json")));
        assertThat(summary.getJsonObject("verdict").getString("status")).isEqualTo("UNREACHABLE");
        assertThat(summary.getJsonObject("verdict").getInteger("exitCode")).isEqualTo(4);
        assertThat(Files.readString(out.resolve("junit.xml")))
                .contains("<testcase classname=\"fleetstorm.run\" name=\"target reachable\">");
    }

    @Test
    void aRunWithoutThresholdsFailsWhenFewerThan95PercentOfItsDevicesConnected() throws Exception {
        try (Hub hub = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0)
                        .tlsPort(HubOptions.DISABLED).apiPort(HubOptions.DISABLED))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait()) {
            Path file = dir.resolve("s.yaml");
            // 5 of 55 devices sign with a secret the hub does not know: CONNACK 0x03 for them
            Files.writeString(file, """
                    name: sanity
                    target: {host: 127.0.0.1, port: %d}
                    groups:
                      - {name: good, productId: %s, count: 50, credentials: {productSecret: %s}}
                      - {name: bad, productId: %s, count: 5, namePattern: "bad-{index}",
                         credentials: {productSecret: wrong-secret}}
                    phases:
                      - name: connect
                        duration: 2s
                        good: {connect: {rate: 100/s}}
                        bad: {connect: {rate: 100/s}}
                    """.formatted(hub.mqttPort(), PRODUCT, SECRET, PRODUCT));
            Path out = dir.resolve("out");
            CliRunner r = CliRunner.run("run", file.toString(), "--output", out.toString(), "--metrics-port", "-1");
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
            // each refused CONNECT is also an error, so both default rules fail (a refused device may retry once)
            assertThat(r.out()).containsPattern("verdict: BREACHED \\(exit code 3\\)\n  sanity rule failed: "
                    + "connect.ratio >= 95% \\(default rule\\): observed \\d+(\\.\\d+)?%, 50 of 5[5-9] ")
                    .containsPattern("  sanity rule failed: errors.rate <= 5% \\(default rule\\): observed "
                            + "\\d+(\\.\\d+)?%, \\d+ of \\d+ operations failed\n")
                    .contains("  FAIL connect.ratio >= 95% (default rule)", "  FAIL errors.rate <= 5% (default rule)",
                            "the hub refused the CONNECT (0x03): bad signature, unknown device or ClientId mismatch");
            assertThat(Files.readString(out.resolve("junit.xml"))).contains("<testcase classname=\"fleetstorm.sanity\" "
                    + "name=\"connect.ratio &gt;= 95% (default rule)\">\n      <failure message=\"connect.ratio "
                    + "&gt;= 95% (default rule): observed ");
            assertThat(Files.readString(out.resolve("report.html"))).contains("default sanity rule, whole run",
                    "id=\"verdict\" class=\"BREACHED\"");
            JsonObject summary = new JsonObject(Files.readString(out.resolve("summary.json")));
            assertThat(summary.getJsonArray("sanity").getJsonObject(0).getBoolean("passed")).isFalse();

            // the same run with the scenario's own, looser rules passes (refused devices retry: the counts vary)
            Files.writeString(file, Files.readString(file) + "thresholds:\n  - \"connect.ratio >= 50%\"\n"
                    + "  - \"errors.rate < 50%\"\n");
            CliRunner own = CliRunner.run("run", file.toString(), "--output", dir.resolve("out2").toString(),
                    "--metrics-port", "-1");
            assertThat(own.exitCode()).as(own.out() + own.err()).isZero();
            assertThat(own.out()).containsPattern("PASS connect.ratio >= 50%: observed \\d+\\.\\d+% \\(whole run\\)")
                    .doesNotContain("connect.ratio >= 95%", "default rule");
        }
    }

    @Test
    void aWindowedAbortOnFailStopsTheRunWithTheRuleAndTheTimeInEveryOutput() throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: windowed
                groups:
                  - {name: sensors, productId: %s, count: 20, credentials: {productSecret: %s}}
                phases:
                  - name: connect
                    duration: 2s
                    sensors: {connect: {rate: 100/s}}
                  - name: steady
                    duration: 60s
                    sensors: {telemetry: {rate: 1/s per device, qos: 1}}
                thresholds:
                  - {expr: "publish-ack.p99{group:sensors, last:2s} < 1us", abortOnFail: true}
                """.formatted(PRODUCT, SECRET));
        Path out = dir.resolve("out");
        long start = System.nanoTime();
        CliRunner r = CliRunner.run("run", file.toString(), "--output", out.toString(), "--metrics-port", "-1");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(seconds).as("stopped within a window of the first publishes, not after 62 s").isLessThan(30);
        assertThat(r.err()).contains("fleetstorm: FAIL publish-ack.p99{group:sensors, last:2s} < 1us: observed ");
        assertThat(r.out()).containsPattern("\\(aborted: abortOnFail threshold publish-ack.p99\\{group:sensors, "
                + "last:2s} < 1us failed: observed \\S+ \\(group sensors, 2s window ending at [0-9.]+m?s\\)\\)")
                .contains("verdict: BREACHED (exit code 3)", "  stopped early by abortOnFail: publish-ack.p99");
        JsonObject summary = new JsonObject(Files.readString(out.resolve("summary.json")));
        assertThat(summary.getBoolean("aborted")).isTrue();
        assertThat(summary.getString("abortCause")).isEqualTo("THRESHOLD");
        assertThat(summary.getJsonObject("stoppedBy").getString("expression"))
                .isEqualTo("publish-ack.p99{group:sensors, last:2s} < 1us");
        assertThat(summary.getJsonObject("stoppedBy").getDouble("atSeconds")).isBetween(2.0, 30.0);
        assertThat(Files.readString(out.resolve("junit.xml"))).containsPattern("stopped the run at [0-9.]+m?s")
                .contains("name=\"ran to its planned end\">");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<p id=\"aborted\">Aborted (threshold): "
                + "abortOnFail threshold publish-ack.p99{group:sensors, last:2s} &lt; 1us failed");

        // the saved run re-renders with its windowed judgement kept
        CliRunner again = CliRunner.run("report", out.toString(), "--out", dir.resolve("again").toString());
        assertThat(again.exitCode()).as(again.err()).isEqualTo(3);
        assertThat(again.out()).contains("FAIL publish-ack.p99{group:sensors, last:2s} < 1us: observed ");
    }
}
