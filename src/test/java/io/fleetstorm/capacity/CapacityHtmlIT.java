package io.fleetstorm.capacity;

import static io.fleetstorm.HeadlessChromium.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.HeadlessChromium;
import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.report.ThresholdResult;
import io.fleetstorm.report.ThresholdSpec;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * capacity.html renders in headless Chromium with no network: its script ran, drew the three charts against load (a
 * point per step on each latency and throughput series), the knee at the capacity, the bracket, the threshold line;
 * and the steps table lists every step with a link to its run report.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CapacityHtmlIT {

    @TempDir
    Path dir;

    private static final Dimension RATE = new Dimension("sensors.telemetry.rate", "sensors", "telemetry", "rate",
            "telemetry", false, false);

    /** A step of a target that takes 2,000 msg/s: flat latency below it, a queue's climb above it. */
    private static StepResult step(int index, double load, String stage) {
        boolean pass = load <= 2000;
        double p99 = pass ? 0.004 : (load - 2000) / 2000 * 2.0;
        ThresholdSpec spec = ThresholdSpec.parse("publish-ack.p99 < 100ms");
        return new StepResult(index, load, stage, pass ? Outcome.PASS : Outcome.FAIL, pass ? List.of()
                : List.of("breached: publish-ack.p99 < 100ms"), !pass, pass ? 10 : 4, 14, 0, 0, load,
                Map.of("publish-ack", new OperationStats((long) (Math.min(load, 2000) * 10), Math.min(load, 2000),
                        p99 / 4, p99 / 2, p99, p99 * 1.1, p99 * 1.2)),
                List.of(new ThresholdResult(spec, p99, pass)), List.of(), "steps/" + index);
    }

    @Test
    void theCapacityPageDrawsTheKneeInHeadlessChromium() throws Exception {
        List<StepResult> steps = new ArrayList<>();
        double[] loads = {500, 1000, 2000, 4000, 3000, 2500, 2250, 2125, 2062.5};
        for (int i = 0; i < loads.length; i++) {
            steps.add(step(i + 1, loads[i], i < 4 ? "step" : "bisect"));
        }
        CapacityResult r = new CapacityResult(RATE, 500, 8000, 0.05, 2000.0, "target", 2000.0, 2062.5,
                "capacity 2,000 msg/s (target-bound: 2,062.5 msg/s failed; bracket 2,000..2,062.5, within 5%)",
                ExitCode.OK, steps);
        List<ThresholdSpec> specs = List.of(ThresholdSpec.parse("publish-ack.p99 < 100ms"));
        JsonObject json = CapacityJson.toJson(r, "capped </script>", "search-1", List.of("publish-ack.p99 < 100ms"),
                5, 20, 1);
        Path html = dir.resolve(CapacityHtml.FILE_NAME);
        Files.writeString(html, CapacityHtml.render(r, json, "publish-ack", specs));
        assertThat(Files.readString(html).replace("http://www.w3.org/2000/svg", ""))
                .doesNotContain("http://", "https://", "src=\"");

        String dom = HeadlessChromium.dom(html, dir);
        assertThat(dom).contains("data-rendered=\"true\"", "data-charts=\"3\"");
        assertThat(count(dom, "<svg ")).isEqualTo(3);
        // p50, p90, p99, max on the latency chart, completions on the throughput chart, errors: one path each
        assertThat(count(dom, "class=\"series\"")).isEqualTo(6);
        assertThat(count(dom, "class=\"step pass\"") + count(dom, "class=\"step fail\"")).isEqualTo(6 * 9);
        assertThat(count(dom, "class=\"knee\"")).as("the capacity on every chart").isEqualTo(3);
        assertThat(count(dom, "class=\"bracket\"")).isEqualTo(3);
        assertThat(count(dom, "class=\"limit\"")).as("publish-ack.p99 < 100ms on the latency chart").isEqualTo(1);
        assertThat(dom).contains("id=\"answer\" class=\"target\"", "capacity 2,000 msg/s", "capped &lt;/script&gt;",
                "href=\"steps/4/report.html\"", "2,062.5 msg/s");
        assertThat(count(dom, "<tr class=\"step\">")).isEqualTo(9);

        Path png = Path.of(System.getProperty("fleetstorm.capacityScreenshot", dir.resolve("capacity.png")
                .toString()));
        HeadlessChromium.screenshot(html, png, dir);
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }
}
