package io.fleetstorm.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the report of a synthetic run of the given length ({@link TestRuns#rich}) and prints the page's weight:
 * {@code java ... ReportRenderBench DIR SECONDS}; {@code bench/report-render.sh} opens it in headless Chromium and
 * reads the render time the page records ({@code data-render-ms}). Not a test: figures, not assertions.
 */
public final class ReportRenderBench {

    private ReportRenderBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/report-bench");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3600;
        RunReport report = RunReport.evaluate(TestRuns.rich("bench-" + seconds, seconds), List.of(
                ThresholdSpec.parse("publish-ack.p99 < 50ms")), false);
        ReportFiles.write(report, dir);
        Path html = dir.resolve(ReportFiles.HTML);
        System.out.printf("%s: %d bytes, %d intervals, %d percentile charts%n", html, Files.size(html),
                report.result().series().size(), report.result().run().latencies().size());
    }
}
