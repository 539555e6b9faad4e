package io.fleetstorm.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.ScriptedProbe;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * report.html in headless Chromium (Debian {@code chromium}), no network: its scripts ran and drew every chart with
 * uPlot, the over-time charts cover the whole run with its phases marked, and at 1280x800 and on a 390-wide phone no
 * text box on the page (table cells, list items, legends, and every text the charts draw on their canvases: tick
 * labels, axis names, phase names) overlaps another or leaves the screen, measured by the page itself
 * ({@code layout-check.js}, injected before the report's scripts). The screenshots README links are taken here:
 * {@code -Dfleetstorm.screenshots=docs/images} writes them there (default: target/screenshots).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HtmlReportIT {

    @TempDir
    Path dir;

    @Test
    void theReportDrawsEveryChartOverTheWholeRun() throws Exception {
        RunReport report = RunReport.evaluate(TestRuns.run("run-1", 1, 1000, 4, new ScriptedProbe()),
                List.of(ThresholdSpec.parse("publish-ack.p99 < 500ms"), ThresholdSpec.parse("connect.p999 < 2s")),
                false);
        ReportFiles.write(report, dir);
        String page = Files.readString(dir.resolve(ReportFiles.HTML));
        // self-contained: nothing to fetch (no src or href attribute, no CSS url(), no request API)
        assertThat(page).doesNotContain("src=\"", "href=\"", "url(", "fetch(", "XMLHttpRequest");

        JsonObject layout = layout(page, 1280, 800);
        String dom = chromium(List.of("--dump-dom", "--window-size=1280,800", "--virtual-time-budget=5000"),
                dir.resolve(ReportFiles.HTML));
        assertThat(dom).contains("data-rendered=\"true\"");
        // three over-time charts (messages, completions, p99; no connected-devices gauge in this run) and two
        // percentile charts (sensors.publish-ack, cams.connect), each one uPlot canvas
        assertThat(dom).contains("data-charts=\"5\"");
        assertThat(count(dom, "<canvas ")).isEqualTo(5);
        assertThat(dom).contains("<figcaption>sensors.publish-ack: latency by percentile (1,000 samples)</figcaption>",
                "<figcaption>p99 latency (corrected, log scale)</figcaption>");
        // both phases named on each of the three over-time charts
        assertThat(layout.getJsonArray("drawn").stream().filter("ramp"::equals).count()).isEqualTo(3);
        assertThat(layout.getJsonArray("drawn").stream().filter("steady"::equals).count()).isEqualTo(3);
        assertThat(layout.getInteger("overlapCount")).as(layout.encodePrettily()).isZero();
        assertThat(layout.getInteger("outsideCount")).as(layout.encodePrettily()).isZero();

        JsonObject data = HtmlReport.data(report);
        // the time axis runs from 0 to the run's end: the last column is the end of the last interval
        assertThat(data.getJsonArray("t").getDouble(0)).isZero();
        assertThat(data.getJsonArray("t").getDouble(data.getJsonArray("t").size() - 1)).isEqualTo(5.0);
        assertThat(data.getDouble("durationSeconds")).isEqualTo(5.0);
        // the connects of the run's last, zero-length flip are in the last interval's rate, not lost
        assertThat(data.getJsonObject("ops").getJsonObject("connect").getJsonArray("rate").getDouble(5))
                .isEqualTo(10.0);
        // an interval without completions: rate 0, no latency (a gap, not a line across it)
        assertThat(data.getJsonObject("ops").getJsonObject("connect").getJsonArray("rate").getDouble(1)).isZero();
        assertThat(data.getJsonObject("ops").getJsonObject("connect").getJsonArray("p99").getValue(1)).isNull();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1280, 800, report-1280.png, 2600", "390, 844, report-390.png, 2000"})
    void noTextOverlapsAndNothingLeavesTheScreen(int width, int height, String screenshot, int shotHeight)
            throws Exception {
        RunReport report = RunReport.evaluate(TestRuns.rich("nightly-42", 240), List.of(
                ThresholdSpec.parse("publish-ack.p99 < 50ms"), ThresholdSpec.parse("ota.succeeded >= 19"),
                ThresholdSpec.parse("errors.rate < 5%")), false);
        ReportFiles.write(report, dir);
        String page = Files.readString(dir.resolve(ReportFiles.HTML));

        JsonObject layout = layout(page, width, height);
        assertThat(layout.getInteger("width")).isEqualTo(width);
        // connected devices, messages, completions, p99; one percentile chart per group and operation
        assertThat(layout.getInteger("charts")).isEqualTo(4 + report.result().run().latencies().size());
        assertThat(layout.getInteger("canvasTexts")).as("the charts' labels were measured").isGreaterThan(60);
        assertThat(layout.getJsonArray("drawn")).contains("storm", "storm sensors", "outage cameras", "99.9%");
        assertThat(layout.getInteger("overlapCount")).as(layout.encodePrettily()).isZero();
        assertThat(layout.getInteger("outsideCount")).as(layout.encodePrettily()).isZero();

        Path shots = Path.of(System.getProperty("fleetstorm.screenshots", "target/screenshots"));
        Files.createDirectories(shots);
        Path png = shots.resolve(screenshot);
        Path framed = frame(dir.resolve(ReportFiles.HTML), width, shotHeight);
        chromium(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + Math.max(MIN_WINDOW, width) + ","
                + shotHeight, "--virtual-time-budget=3000"), framed);
        BufferedImage shot = ImageIO.read(png.toFile());
        if (shot.getWidth() > width) {
            ImageIO.write(shot.getSubimage(0, 0, width, shot.getHeight()), "png", png.toFile());
        }
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(width);
        assertThat(Files.size(png)).isGreaterThan(30_000);
    }

    /**
     * Renders the page with the layout check injected, in a frame of exactly {@code width x height} (headless
     * Chromium's window is at least 500 wide; a frame can be a phone's 390); returns what the check found.
     */
    private JsonObject layout(String page, int width, int height) throws Exception {
        String checker;
        try (InputStream in = HtmlReportIT.class.getResourceAsStream("layout-check.js")) {
            checker = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path checked = dir.resolve("checked-" + width + ".html");
        Files.writeString(checked, page.replace("<head>", "<head>\n<script>\n" + checker + "\n</script>"));
        String dom = chromium(List.of("--dump-dom", "--window-size=" + Math.max(MIN_WINDOW, width) + "," + height,
                "--virtual-time-budget=5000"), frame(checked, width, height));
        int start = dom.indexOf(RESULT);
        assertThat(start).as("the layout check ran").isNotNegative();
        String json = dom.substring(start + RESULT.length(), dom.indexOf("</pre>", start))
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        return new JsonObject(json);
    }

    /** Headless Chromium's narrowest window. */
    private static final int MIN_WINDOW = 500;
    private static final String RESULT = "<pre id=\"layout-result\">";

    /** A page holding {@code page} in a frame of the given size, which copies the frame's layout check out. */
    private Path frame(Path page, int width, int height) throws IOException {
        Path frame = dir.resolve("frame-" + width + ".html");
        Files.writeString(frame, "<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\""
                + page.getFileName() + "\" style=\"border:0;display:block;width:" + width + "px;height:" + height
                + "px\"></iframe><script>addEventListener('message', function (e) { var pre = document"
                + ".createElement('pre'); pre.id = 'layout-result'; pre.textContent = e.data; document.body"
                + ".appendChild(pre); });</script></body></html>");
        return frame;
    }

    private String chromium(List<String> actions, Path html) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--password-store=basic", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
        cmd.addAll(actions);
        cmd.add(html.toUri().toString());
        // stderr (D-Bus complaints on a machine without a bus) to a file, shown only if Chromium fails
        Path err = dir.resolve("chromium.err");
        ProcessBuilder launch = new ProcessBuilder(cmd).redirectError(err.toFile());
        launch.environment().put("DBUS_SESSION_BUS_ADDRESS", "disabled:"); // no autolaunch of a session bus
        Process p = launch.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        return out;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static Path binary() {
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
