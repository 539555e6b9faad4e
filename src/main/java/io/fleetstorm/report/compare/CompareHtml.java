package io.fleetstorm.report.compare;

import io.fleetstorm.metrics.Operation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * {@code compare.html}: one self-contained page (no network) with the outcome, the rules, every figure with its change
 * and interval, and per operation both runs' latency distributions overlaid by percentile. The page sets
 * {@code <body data-rendered="true" data-charts="N">} once drawn.
 */
public final class CompareHtml {

    public static final String FILE_NAME = "compare.html";

    private CompareHtml() {
    }

    public static String render(RunComparison c) {
        JsonArray distributions = new JsonArray();
        for (Operation op : Operation.values()) {
            Histogram a = c.baseline().report().result().run().latency(op, null).corrected();
            Histogram b = c.current().report().result().run().latency(op, null).corrected();
            if (a.getTotalCount() > 0 || b.getTotalCount() > 0) {
                distributions.add(new JsonObject().put("operation", op.label()).put("baseline", points(a))
                        .put("current", points(b)));
            }
        }
        JsonObject data = new JsonObject().put("baseline", c.baseline().label()).put("current", c.current().label())
                .put("distributions", distributions);
        return resource("compare.html").replace("{{TITLE}}", esc(c.baseline().label() + " vs "
                        + c.current().label()))
                .replace("{{BODY}}", body(c))
                .replace("{{DATA}}", data.encode().replace("</", "<\\/"))
                .replace("{{SCRIPT}}", resource("compare.js"));
    }

    private static String body(RunComparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append("<h1>fleetstorm compare: ").append(esc(c.baseline().label())).append(" vs ")
                .append(esc(c.current().label())).append("</h1>\n");
        sb.append("<p id=\"verdict\" class=\"").append(c.regressed() ? "regressed" : "pass").append("\">")
                .append(esc(CompareText.verdict(c))).append(" (exit code ").append(c.regressed() ? 3 : 0)
                .append(")</p>\n<p>Baseline ").append(esc(c.baseline().source().toString())).append(", current ")
                .append(esc(c.current().source().toString())).append("; intervals at ")
                .append(CompareText.trim(c.confidence() * 100)).append("% confidence.</p>\n");
        sb.append("<h2>Rules</h2>\n<ul id=\"rules\">");
        for (RunComparison.RuleResult r : c.rules()) {
            sb.append("<li class=\"").append(r.regressed() ? "fail" : "pass").append("\">").append(esc(r.text()))
                    .append("</li>");
        }
        sb.append("</ul>\n<h2>Figures</h2>\n<table id=\"figures\"><tr><th class=\"l\">figure</th><th>baseline</th>"
                + "<th>current</th><th>change</th><th>interval of the change</th><th class=\"l\">noise</th></tr>\n");
        for (CompareRow r : c.rows()) {
            String noise = !r.noiseKnown() ? "-" : r.beyondNoise() ? "beyond" : "within";
            sb.append("<tr><td class=\"l\">").append(esc(r.subject())).append("</td><td>")
                    .append(esc(r.format(r.baseline()))).append("</td><td>").append(esc(r.format(r.current())))
                    .append("</td><td>").append(esc(r.changeText())).append("</td><td>")
                    .append(esc(r.intervalText())).append("</td><td class=\"l ").append(noise).append("\">")
                    .append(noise).append("</td></tr>\n");
        }
        sb.append("</table>\n<h2>How noise was estimated</h2>\n<ul id=\"noise\">");
        c.methods().forEach(m -> sb.append("<li>").append(esc(m.description())).append("</li>"));
        sb.append("</ul>\n");
        return sb.toString();
    }

    /** [percentile (0..1), milliseconds] pairs, as HdrHistogram's percentile output. */
    private static JsonArray points(Histogram h) {
        JsonArray out = new JsonArray();
        if (h.getTotalCount() == 0) {
            return out;
        }
        for (HistogramIterationValue v : h.percentiles(5)) {
            out.add(new JsonArray().add(v.getPercentileLevelIteratedTo() / 100.0).add(v.getValueIteratedTo() / 1e6));
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = CompareHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text made safe for HTML and XML. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
