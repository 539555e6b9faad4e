package io.fleetstorm.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.ScriptedProbe;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html renders in headless Chromium (Debian {@code chromium}) with no network: its inline script ran (the
 * body's marker) and drew the percentile-distribution and over-time charts.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HtmlReportIT {

    @TempDir
    Path dir;

    @Test
    void theReportRendersItsChartsInHeadlessChromium() throws Exception {
        RunReport report = RunReport.evaluate(TestRuns.run("run-1", 1, 1000, 4, new ScriptedProbe()),
                List.of(ThresholdSpec.parse("publish-ack.p99 < 500ms"), ThresholdSpec.parse("connect.p999 < 2s")),
                false);
        ReportFiles.write(report, dir);
        Path html = dir.resolve(ReportFiles.HTML);
        // nothing to fetch: the only URL is the SVG namespace name
        assertThat(Files.readString(html).replace("http://www.w3.org/2000/svg", ""))
                .doesNotContain("http://", "https://", "src=\"");

        String dom = chromium("--dump-dom", html);
        assertThat(dom).contains("data-rendered=\"true\"");
        // two percentile plots (sensors.publish-ack, cams.connect) and three over-time charts
        assertThat(dom).contains("data-charts=\"5\"");
        assertThat(count(dom, "<svg ")).isEqualTo(5);
        // corrected + service per percentile plot; sent/received/errors; publish-ack's rate and p99 (the connects
        // all finish in the run's last, zero-length flip, which has no rate to plot)
        assertThat(count(dom, "class=\"series\"")).isEqualTo(2 * 2 + 3 + 1 + 1);
        assertThat(count(dom, "class=\"mark\"")).as("ramp and steady marked on the three over-time charts")
                .isEqualTo(2 * 3);
        assertThat(dom).contains("id=\"generator\"", "0 late starts of 0 operations started; fell behind in 0 of 5 "
                + "seconds");
        assertThat(dom).contains("id=\"outcomes\"", "what it means", "the hub refused the CONNECT (0x05): not "
                + "authorized, e.g. the device is disabled", "default sanity rule, whole run");
        assertThat(dom).contains("sensors.publish-ack latency by percentile", "p99 corrected latency",
                "id=\"verdict\" class=\"BREACHED\"", "publish-ack.p99 &lt; 500ms");

        Path png = Path.of(System.getProperty("fleetstorm.screenshot", dir.resolve("report.png").toString()));
        chromium("--screenshot=" + png, html);
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    private String chromium(String action, Path html) throws Exception {
        Path binary = binary();
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--password-store=basic",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile"),
                "--window-size=1200,2400", action, html.toUri().toString()));
        // stderr (D-Bus complaints on a machine without a bus) to a file, shown only if Chromium fails
        ProcessBuilder launch = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.err").toFile());
        launch.environment().put("DBUS_SESSION_BUS_ADDRESS", "disabled:"); // no autolaunch of a session bus
        Process p = launch.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("chromium.err"))).isZero();
        return out;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static Path binary() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, "chromium");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError("chromium not found on PATH: install the Debian packages 'chromium' and "
                + "'fonts-dejavu-core' (.ci/run does)");
    }
}
