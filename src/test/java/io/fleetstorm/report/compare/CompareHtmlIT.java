package io.fleetstorm.report.compare;

import static io.fleetstorm.HeadlessChromium.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.HeadlessChromium;
import io.fleetstorm.metrics.ScriptedProbe;
import io.fleetstorm.report.RunReport;
import io.fleetstorm.report.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare.html renders in headless Chromium with no network: both runs' distributions overlaid (a baseline and a
 * current curve per operation), the rules with the failed one marked, the figures table.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompareHtmlIT {

    @TempDir
    Path dir;

    @Test
    void theComparisonPageOverlaysBothDistributionsInHeadlessChromium() throws Exception {
        RunReport fast = RunReport.evaluate(TestRuns.run("baseline-run", 1, 100, 0, new ScriptedProbe()), List.of(),
                false);
        RunReport slow = RunReport.evaluate(TestRuns.run("current-run", 4, 160, 0, new ScriptedProbe()), List.of(),
                false);
        RunComparison c = RunComparison.of(new ComparedRun(Path.of("a"), fast, Map.of(), "no latency.hlog"),
                new ComparedRun(Path.of("b"), slow, Map.of(), "no latency.hlog"),
                List.of(RegressionRule.parse("publish-ack.p50 +10%"), RegressionRule.parse("connect.p99 +10%")), 0.95);
        Path html = dir.resolve(CompareHtml.FILE_NAME);
        Files.writeString(html, CompareHtml.render(c));
        assertThat(Files.readString(html).replace("http://www.w3.org/2000/svg", ""))
                .doesNotContain("http://", "https://", "src=\"");

        String dom = HeadlessChromium.dom(html, dir);
        assertThat(dom).contains("data-rendered=\"true\"", "data-charts=\"2\"");
        assertThat(count(dom, "<svg ")).isEqualTo(2);
        assertThat(count(dom, "class=\"series baseline\"")).isEqualTo(2);
        assertThat(count(dom, "class=\"series current\"")).isEqualTo(2);
        assertThat(dom).contains("id=\"verdict\" class=\"regressed\"", "regression: publish-ack.p50 +10%",
                "<li class=\"fail\">FAIL publish-ack.p50 +10%: publish-ack p50", "<li class=\"pass\">PASS connect.p99",
                "distribution-free interval of each run's percentile");
        assertThat(count(dom, "<tr><td class=\"l\">")).isEqualTo(c.rows().size());

        Path png = Path.of(System.getProperty("fleetstorm.compareScreenshot", dir.resolve("compare.png").toString()));
        HeadlessChromium.screenshot(html, png, dir);
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }
}
