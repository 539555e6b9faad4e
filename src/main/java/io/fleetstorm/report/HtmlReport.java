package io.fleetstorm.report;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.GeneratorStats;
import io.fleetstorm.metrics.GroupOperation;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.SeriesPoint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * {@code report.html}: one self-contained page (styles and the SVG plotting script inline, no network) with the
 * verdict and why (abort, thresholds, default sanity rules), the latency table, devices, outages, outcomes and
 * explained errors, a percentile-distribution plot per group and operation, and over-time
 * charts of rates and p99 latency. The page sets {@code <body data-rendered="true">} once its script has drawn.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    public static String render(RunReport report) {
        String template = resource("report.html");
        String data = data(report).encode().replace("</", "<\\/");
        return template.replace("{{TITLE}}", esc(report.result().info().scenario()))
                .replace("{{BODY}}", body(report))
                .replace("{{DATA}}", data)
                .replace("{{SCRIPT}}", resource("report.js"));
    }

    private static String body(RunReport report) {
        RunResult r = report.result();
        ResultSection run = r.run();
        StringBuilder sb = new StringBuilder();
        sb.append("<h1>fleetstorm: ").append(esc(r.info().scenario())).append("</h1>\n");
        sb.append(String.format(Locale.ROOT, "<p>Run %s, %.1f s. Verdict: <span id=\"verdict\" class=\"%s\">%s</span>"
                        + " (exit code %d)</p>%n", esc(String.join(", ", report.sources())), run.durationSeconds(),
                report.verdict().status(), report.verdict().status(), report.verdict().exitCode()));
        if (r.aborted()) {
            sb.append("<p id=\"aborted\">Aborted (").append(esc(r.abortCause().name().toLowerCase(Locale.ROOT)
                    .replace('_', ' '))).append("): ").append(esc(r.abortReason())).append("</p>\n");
        }
        if (!report.verdict().reasons().isEmpty()) {
            sb.append("<ul id=\"reasons\">");
            report.verdict().reasons().forEach(x -> sb.append("<li>").append(esc(x)).append("</li>"));
            sb.append("</ul>\n");
        }
        sb.append("<h2>Thresholds</h2>\n<table id=\"thresholds\"><tr><th class=\"l\">threshold</th><th class=\"l\">"
                + "scope</th><th>observed</th><th>result</th></tr>\n");
        for (ThresholdResult t : report.thresholdResults()) {
            thresholdRow(sb, t.spec().expression(), t.whereText(), t.observedText(), t.passed());
        }
        for (ThresholdResult t : report.sanityResults()) {
            thresholdRow(sb, t.spec().expression(), "default sanity rule, whole run", Double.isNaN(t.observed())
                    ? "no data" : t.observedText() + " (" + SanityRules.detail(t.spec(), run) + ")", t.passed());
        }
        sb.append("</table>\n<h2>Latency (corrected / service time)</h2>\n<table id=\"latency\"><tr>"
                + "<th class=\"l\">group.operation</th><th>count</th><th>rate/s</th><th>p50</th><th>p90</th>"
                + "<th>p99</th><th>p99.9</th><th>max</th></tr>\n");
        for (Map.Entry<GroupOperation, LatencyHistograms> e : run.latencies().entrySet()) {
            Histogram c = e.getValue().corrected();
            Histogram s = e.getValue().service();
            sb.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%d</td><td>%.1f</td>",
                    esc(e.getKey().tag()), c.getTotalCount(),
                    run.durationSeconds() == 0 ? 0 : c.getTotalCount() / run.durationSeconds()));
            for (double p : new double[] {50, 90, 99, 99.9, 100}) {
                sb.append("<td>").append(cell(c, p)).append(" / ").append(cell(s, p)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<h2>Devices and outcomes</h2>\n<ul id=\"outcomes\"><li>")
                .append(esc(SummaryLines.devices(run))).append("</li><li>").append(esc(SummaryLines.abandoned(run)))
                .append("</li>");
        for (Outage o : r.outages()) {
            sb.append("<li class=\"outage\">").append(esc(SummaryLines.outage(o, r))).append("</li>");
        }
        SummaryLines.outcomes(run, r.info().groups()).forEach(l -> sb.append("<li>").append(esc(l)).append("</li>"));
        sb.append("</ul>\n<h2>Errors</h2>\n<table id=\"errors\"><tr><th class=\"l\">group</th><th class=\"l\">kind"
                + "</th><th class=\"l\">reason</th><th>count</th><th class=\"l\">what it means</th></tr>\n");
        for (Map.Entry<ErrorKey, Long> e : run.errors().entrySet()) {
            sb.append("<tr><td class=\"l\">").append(esc(e.getKey().group())).append("</td><td class=\"l\">")
                    .append(esc(e.getKey().kind())).append("</td><td class=\"l\">").append(esc(e.getKey().reason()))
                    .append("</td><td>").append(e.getValue()).append("</td><td class=\"l\">")
                    .append(esc(SummaryLines.explain(e.getKey()))).append("</td></tr>\n");
        }
        sb.append("</table>\n");
        GeneratorStats g = run.generator();
        Histogram lag = g.loopLag();
        sb.append(String.format(Locale.ROOT, "<h2>Generator</h2>%n<p id=\"generator\">CPU max %s; event-loop lag "
                        + "p99 %s; %d late starts of %d operations started; fell behind in %d of %d seconds (longest %d"
                        + " in a row%s)</p>%n", esc(SummaryLines.percent(g.cpuMaxRatio())),
                lag.getTotalCount() == 0 ? "n/a" : esc(ValueKind.formatSeconds(lag.getValueAtPercentile(99) / 1e9)),
                run.counter(Counter.LATE_STARTS), run.counter(Counter.OPERATIONS_STARTED), g.slowIntervals(),
                g.intervals(), g.longestSlowStreak(), g.slowSeconds().isEmpty() ? "" : "; at " + g.slowSeconds()
                        .stream().limit(20).map(String::valueOf).collect(Collectors.joining(", ")) + " s"));
        return sb.toString();
    }

    private static void thresholdRow(StringBuilder sb, String expression, String scope, String observed,
            boolean passed) {
        sb.append("<tr><td class=\"l\">").append(esc(expression)).append("</td><td class=\"l\">").append(esc(scope))
                .append("</td><td>").append(esc(observed)).append("</td><td class=\"")
                .append(passed ? "pass\">PASS" : "fail\">FAIL").append("</td></tr>\n");
    }

    private static String cell(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        long v = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
        return ValueKind.formatSeconds(v / 1e9);
    }

    static JsonObject data(RunReport report) {
        JsonArray distributions = new JsonArray();
        report.result().run().latencies().forEach((key, h) -> distributions.add(new JsonObject()
                .put("tag", key.tag()).put("corrected", distribution(h.corrected()))
                .put("service", distribution(h.service()))));
        Set<String> operations = new LinkedHashSet<>();
        JsonArray series = new JsonArray();
        for (SeriesPoint p : report.result().series()) {
            if (p.durationSeconds() < 0.05) {
                continue; // a phase boundary or the final flip: too short for a rate
            }
            double d = p.durationSeconds();
            JsonObject ops = new JsonObject();
            p.operations().forEach((op, l) -> {
                operations.add(op);
                ops.put(op, new JsonObject().put("rate", l.count() / d).put("p99", l.p99() * 1e3));
            });
            series.add(new JsonObject().put("t", p.offsetSeconds() + p.durationSeconds()).put("phase", p.phase())
                    .put("sentRate", p.sent() / d).put("receivedRate", p.received() / d)
                    .put("errorRate", p.errors() / d).put("ops", ops));
        }
        return new JsonObject().put("distributions", distributions).put("series", series)
                .put("operations", new JsonArray(operations.stream().toList()));
    }

    /** [percentile (0..1), milliseconds] pairs, as HdrHistogram's percentile output. */
    private static JsonArray distribution(Histogram h) {
        JsonArray points = new JsonArray();
        if (h.getTotalCount() == 0) {
            return points;
        }
        for (HistogramIterationValue v : h.percentiles(5)) {
            points.add(new JsonArray().add(v.getPercentileLevelIteratedTo() / 100.0).add(v.getValueIteratedTo() / 1e6));
        }
        return points;
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String esc(String s) {
        return JunitReport.xml(s == null ? "" : s);
    }
}
