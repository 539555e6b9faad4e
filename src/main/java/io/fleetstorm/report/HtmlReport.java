package io.fleetstorm.report;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.GeneratorStats;
import io.fleetstorm.metrics.GroupOperation;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunResult;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * {@code report.html}: one self-contained page (styles, uPlot and the chart script inline, no network) with the
 * verdict and why (abort, thresholds, default sanity rules), the over-time charts (connected devices, messages,
 * completions and p99 latency per second, phases and outages marked, zoom and hover), the latency table, a
 * percentile-distribution chart per group and operation, the outcomes, the explained errors and the generator's
 * health, in the words of {@link SummaryLines}. The page sets {@code <body data-rendered="true">} once its script
 * has drawn.
 */
public final class HtmlReport {

    /** uPlot, inlined from its webjar (MIT licence; the notice travels in the page). */
    static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/";

    private HtmlReport() {
    }

    public static String render(RunReport report) {
        String data = data(report).encode().replace("</", "<\\/");
        return fill(resource("report.html"), Map.of(
                "TITLE", esc(report.result().info().scenario()),
                "UPLOT_CSS", webjar("dist/uPlot.min.css"),
                "UPLOT_LICENSE", webjar("LICENSE").replace("*/", "* /"),
                "UPLOT_JS", webjar("dist/uPlot.iife.min.js").replace("</", "<\\/"),
                "DATA", data,
                "SCRIPT", resource("report.js"),
                "BODY", body(report),
                "DETAILS", details(report)));
    }

    /** Fills the template's {@code {{KEY}}} places in one pass, so no value is ever read as a place of another. */
    static String fill(String template, Map<String, String> values) {
        StringBuilder sb = new StringBuilder(template.length() + values.values().stream().mapToInt(String::length)
                .sum());
        int at = 0;
        for (int open = template.indexOf("{{"); open >= 0; open = template.indexOf("{{", at)) {
            int close = template.indexOf("}}", open);
            String value = close < 0 ? null : values.get(template.substring(open + 2, close));
            if (value == null) {
                sb.append(template, at, open + 2);
                at = open + 2;
                continue;
            }
            sb.append(template, at, open).append(value);
            at = close + 2;
        }
        return sb.append(template, at, template.length()).toString();
    }

    /** The verdict and the thresholds: what a reader needs first. */
    private static String body(RunReport report) {
        RunResult r = report.result();
        ResultSection run = r.run();
        StringBuilder sb = new StringBuilder();
        sb.append("<h1>fleetstorm: ").append(esc(r.info().scenario())).append("</h1>\n");
        sb.append("<p>Run ").append(esc(String.join(", ", report.sources()))).append(", ")
                .append(esc(Human.duration(run.durationSeconds()))).append(". Verdict: <span id=\"verdict\" class=\"")
                .append(report.verdict().status()).append("\">").append(report.verdict().status())
                .append("</span> (exit code ").append(report.verdict().exitCode()).append(")</p>\n");
        if (r.aborted()) {
            sb.append("<p id=\"aborted\">Aborted (").append(esc(r.abortCause().name().toLowerCase(Locale.ROOT)
                    .replace('_', ' '))).append("): ").append(esc(r.abortReason())).append("</p>\n");
        }
        if (!report.verdict().reasons().isEmpty()) {
            sb.append("<ul id=\"reasons\">");
            report.verdict().reasons().forEach(x -> sb.append("<li>").append(esc(x)).append("</li>"));
            sb.append("</ul>\n");
        }
        sb.append("<h2>Thresholds</h2>\n<div class=\"scroll\"><table id=\"thresholds\"><tr><th class=\"l\">threshold"
                + "</th><th class=\"l\">scope</th><th>observed</th><th>result</th></tr>\n");
        for (ThresholdResult t : report.thresholdResults()) {
            thresholdRow(sb, t.spec().expression(), t.whereText(), t.observedText(), t.passed());
        }
        for (ThresholdResult t : report.sanityResults()) {
            thresholdRow(sb, t.spec().expression(), "default sanity rule, whole run", Double.isNaN(t.observed())
                    ? "no data" : t.observedText() + " (" + SanityRules.detail(t.spec(), run) + ")", t.passed());
        }
        sb.append("</table></div>\n");
        return sb.toString();
    }

    /** The latency table, the outcomes, the errors and the generator, below the over-time charts. */
    private static String details(RunReport report) {
        RunResult r = report.result();
        ResultSection run = r.run();
        StringBuilder sb = new StringBuilder();
        sb.append("<h2>Latency (corrected / service time)</h2>\n<div class=\"scroll\"><table id=\"latency\"><tr>"
                + "<th class=\"l\">group.operation</th><th>count</th><th>rate</th><th>p50</th><th>p90</th>"
                + "<th>p99</th><th>p99.9</th><th>max</th></tr>\n");
        for (Map.Entry<GroupOperation, LatencyHistograms> e : run.latencies().entrySet()) {
            Histogram c = e.getValue().corrected();
            Histogram s = e.getValue().service();
            sb.append("<tr><td class=\"l\">").append(esc(e.getKey().tag())).append("</td><td>")
                    .append(Human.count(c.getTotalCount())).append("</td><td>")
                    .append(Human.rate(run.activeRate(e.getKey()))).append("</td>");
            for (double p : new double[] {50, 90, 99, 99.9, 100}) {
                sb.append("<td>").append(cell(c, p)).append(" / ").append(cell(s, p)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table></div>\n<p class=\"note\">").append(esc(ConsoleSummary.RATE_NOTE)).append("</p>\n");
        sb.append("<h2>Latency by percentile</h2>\n<div id=\"distributions\" class=\"charts\"></div>\n");
        sb.append("<h2>Devices and outcomes</h2>\n<ul id=\"outcomes\"><li>").append(esc(SummaryLines.devices(run)))
                .append("</li><li>").append(esc(SummaryLines.abandoned(run))).append("</li>");
        for (Outage o : SummaryLines.targetOutages(r)) {
            sb.append("<li class=\"outage\">").append(esc(SummaryLines.outage(o, r))).append("</li>");
        }
        sb.append("</ul>\n<p>").append(esc(SummaryLines.OUTCOMES_HEADER)).append("</p>\n<ul id=\"behaviours\">");
        SummaryLines.outcomes(r).forEach(l -> sb.append("<li>").append(esc(l)).append("</li>"));
        sb.append("</ul>\n<h2>Errors: ").append(Human.count(run.errorCount())).append("</h2>\n<div class=\"scroll\">"
                + "<table id=\"errors\"><tr><th class=\"l\">group</th><th class=\"l\">kind</th><th class=\"l\">reason"
                + "</th><th>count</th><th class=\"l\">what it means</th></tr>\n");
        for (Map.Entry<ErrorKey, Long> e : run.errors().entrySet()) {
            sb.append("<tr><td class=\"l\">").append(esc(e.getKey().group())).append("</td><td class=\"l\">")
                    .append(esc(e.getKey().kind())).append("</td><td class=\"l\">").append(esc(e.getKey().reason()))
                    .append("</td><td>").append(Human.count(e.getValue())).append("</td><td class=\"l\">")
                    .append(esc(SummaryLines.explain(e.getKey()))).append("</td></tr>\n");
        }
        sb.append("</table></div>\n");
        GeneratorStats g = run.generator();
        Histogram lag = g.loopLag();
        sb.append("<h2>Generator</h2>\n<p id=\"generator\">CPU max ").append(esc(SummaryLines.percent(
                g.cpuMaxRatio()))).append("; event-loop lag p99 ").append(lag.getTotalCount() == 0 ? "n/a"
                : esc(ValueKind.formatSeconds(lag.getValueAtPercentile(99) / 1e9))).append("; ")
                .append(Human.count(run.counter(Counter.LATE_STARTS))).append(" late starts of ")
                .append(Human.count(run.counter(Counter.OPERATIONS_STARTED))).append(" operations started; fell "
                        + "behind in ").append(Human.duration(g.slowIntervals())).append(" of ")
                .append(Human.duration(g.intervals())).append(" (longest ").append(Human.duration(
                        g.longestSlowStreak())).append(" in a row").append(g.slowSeconds().isEmpty() ? "" : "; at "
                        + g.slowSeconds().stream().limit(20).map(x -> Human.duration(x)).collect(Collectors
                                .joining(", "))).append(")</p>\n");
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
        return ChartData.of(report);
    }

    private static String webjar(String name) {
        return read(UPLOT + name);
    }

    private static String resource(String name) {
        return read(name);
    }

    private static String read(String name) {
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
