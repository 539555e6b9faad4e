package io.fleetstorm.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the end-of-run files into an output directory: summary.json, summary.txt, junit.xml and report.html. */
public final class ReportFiles {

    public static final String SUMMARY = SummaryReader.FILE_NAME;
    public static final String JUNIT = "junit.xml";
    public static final String HTML = "report.html";
    /** The console summary, as printed at the end of the run. */
    public static final String SUMMARY_TEXT = "summary.txt";
    /** Written by {@code io.fleetstorm.metrics.HlogSink} during the run. */
    public static final String HLOG = "latency.hlog";

    private ReportFiles() {
    }

    public static void write(RunReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(SUMMARY), SummaryJson.toJson(report).encodePrettily() + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(JUNIT), JunitReport.render(report), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(HTML), HtmlReport.render(report), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(SUMMARY_TEXT), ConsoleSummary.render(report), StandardCharsets.UTF_8);
    }
}
