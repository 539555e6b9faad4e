package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleetstorm capacity} against an embedded hub whose capacity is known because the scenario's {@code hub:}
 * section caps it: 2,000 QoS 1 msg/s with {@code publish-ack.p99 < 100ms} is found between 1,800 and 2,200 msg/s, a
 * connect cap of 300/s between 270 and 330 connects/s; each within 5 minutes, with capacity.json and capacity.html
 * written and exit code 0.
 */
class CapacityIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aHubCappedAtTwoThousandMessagesASecondIsFoundThere() throws Exception {
        Path file = dir.resolve("capped.yaml");
        Files.writeString(file, """
                name: capped-publish
                hub:
                  limits: {publish: 2000/s}
                groups:
                  - {name: sensors, productId: CAPACITY01, count: 100, credentials: {productSecret: s}}
                phases:
                  - name: connect
                    duration: 3s
                    sensors: {connect: {rate: 100/s}}
                  - name: steady
                    duration: 1m
                    sensors: {telemetry: {rate: 1000/s, qos: 1}}
                thresholds:
                  - publish-ack.p99 < 100ms
                """);
        long start = System.nanoTime();
        CliRunner r = CliRunner.run("capacity", file.toString(), "--vary", "sensors.telemetry.rate",
                "--from", "500/s", "--to", "8000/s", "--settle", "3s", "--measure", "8s", "--output",
                dir.resolve("out").toString(), "--metrics-port", "-1");
        double minutes = (System.nanoTime() - start) / 60e9;
        System.out.println(r.out()); // the steps and the table, in the failsafe report
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonObject json = new JsonObject(Files.readString(dir.resolve("out/capacity.json")));
        assertThat(json.getString("dimension")).isEqualTo("sensors.telemetry.rate");
        assertThat(json.getString("unit")).isEqualTo("msg/s");
        assertThat(json.getString("bound")).isEqualTo("target");
        assertThat(json.getDouble("capacity")).as(r.out()).isBetween(1800.0, 2200.0);
        assertThat(minutes).as("minutes").isLessThan(5);
        JsonArray steps = json.getJsonArray("steps");
        // the steps up the range pass below the cap (a marginal failure of a busy machine is run again: the last
        // run of a load is its outcome) and fail above it, clearly (stopped early, never run again)
        java.util.Map<Double, String> last = new java.util.HashMap<>();
        for (Object o : steps) {
            JsonObject s = (JsonObject) o;
            last.put(s.getDouble("load"), s.getString("outcome"));
            if (s.getDouble("load") >= 2500) {
                assertThat(s.getString("outcome")).as(s.encode()).isEqualTo("fail");
                assertThat(s.getBoolean("stoppedEarly")).as(s.encode()).isTrue();
            }
        }
        last.forEach((load, outcome) -> {
            if (load <= 1000) {
                assertThat(outcome).as(load + " msg/s").isEqualTo("pass");
            }
        });
        assertThat(json.getJsonObject("bracket").getDouble("high") / json.getDouble("capacity")).isLessThanOrEqualTo(
                1.05);
        assertThat(Files.readString(dir.resolve("out/capacity.html"))).contains("capacity.json", "id=\"steps\"")
                .doesNotContain("{{");
        assertThat(r.out()).contains("capacity ", "target-bound");
        Path firstStep = dir.resolve("out").resolve(steps.getJsonObject(0).getString("report"));
        assertThat(firstStep.resolve("summary.json")).exists();
        assertThat(firstStep.resolve("latency.hlog")).exists();
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aConnectRateCapOfThreeHundredIsFoundThere() throws Exception {
        Path file = dir.resolve("connects.yaml");
        Files.writeString(file, """
                name: capped-connect
                hub:
                  limits: {connect: 300/s}
                groups:
                  - {name: sensors, productId: CAPACITY02, count: 100, credentials: {productSecret: s}}
                phases:
                  - name: connect
                    duration: 10s
                    sensors: {connect: {rate: 100/s}}
                thresholds:
                  - connect.p99 < 300ms
                """);
        long start = System.nanoTime();
        CliRunner r = CliRunner.run("capacity", file.toString(), "--vary", "sensors.connect.rate",
                "--from", "100/s", "--to", "800/s", "--settle", "2s", "--measure", "8s", "--output",
                dir.resolve("out").toString(), "--metrics-port", "-1");
        double minutes = (System.nanoTime() - start) / 60e9;
        System.out.println(r.out()); // the steps and the table, in the failsafe report
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonObject json = new JsonObject(Files.readString(dir.resolve("out/capacity.json")));
        assertThat(json.getString("unit")).isEqualTo("connects/s");
        assertThat(json.getString("bound")).isEqualTo("target");
        assertThat(json.getDouble("capacity")).as(r.out()).isBetween(270.0, 330.0);
        assertThat(minutes).as("minutes").isLessThan(5);
    }
}
