package io.fleetstorm.capacity;

import io.fleetstorm.report.ThresholdSpec;
import io.fleetstorm.report.ValueKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code capacity.html}: one self-contained page (no network) with the answer, the steps as a table (each linking to
 * its own run report) and three charts against load: the focus operation's latency percentiles with the threshold
 * lines, its completions per second against the load offered, and the error rate. The knee is drawn as the capacity
 * line and the bracket as a band. The page sets {@code <body data-rendered="true" data-charts="N">} once drawn.
 */
public final class CapacityHtml {

    public static final String FILE_NAME = "capacity.html";

    private CapacityHtml() {
    }

    /**
     * @param json       capacity.json's content
     * @param focus      the operation whose latency the charts show (e.g. {@code publish-ack}), or null
     * @param thresholds the thresholds the steps were judged by
     */
    public static String render(CapacityResult r, JsonObject json, String focus, List<ThresholdSpec> thresholds) {
        JsonArray latencyLimits = new JsonArray();
        JsonArray errorLimits = new JsonArray();
        for (ThresholdSpec t : thresholds) {
            if (focus != null && t.kind() == ValueKind.DURATION && t.operation() != null
                    && t.operation().label().equals(focus) && !t.serviceTime()) {
                latencyLimits.add(new JsonArray().add(t.value() * 1e3).add(t.expression()));
            } else if (t.metric().equals(ThresholdSpec.ERRORS) && t.kind() == ValueKind.RATIO) {
                errorLimits.add(new JsonArray().add(t.value() * 100).add(t.expression()));
            }
        }
        JsonObject data = json.copy().put("focus", focus).put("latencyLimits", latencyLimits)
                .put("errorLimits", errorLimits);
        return resource("capacity.html").replace("{{TITLE}}", esc(json.getString("scenario")))
                .replace("{{BODY}}", body(r, json, focus))
                .replace("{{DATA}}", data.encode().replace("</", "<\\/"))
                .replace("{{SCRIPT}}", resource("capacity.js"));
    }

    private static String body(CapacityResult r, JsonObject json, String focus) {
        Dimension d = r.dimension();
        StringBuilder sb = new StringBuilder();
        sb.append("<h1>fleetstorm capacity: ").append(esc(json.getString("scenario"))).append("</h1>\n");
        sb.append("<p id=\"answer\" class=\"").append(esc(r.bound())).append("\">").append(esc(r.answer()))
                .append("</p>\n");
        sb.append(String.format(Locale.ROOT, "<p id=\"search\">Varied %s from %s to %s, bisected to within %s; each "
                        + "step settles %s s, then is measured for %s s%s. Bound: <b>%s</b>. Exit code %d.</p>%n",
                esc(d.text()), esc(d.format(r.from())), esc(d.format(r.to())),
                esc(CapacitySearch.percent(r.precision())), Dimension.number(json.getDouble("settleSeconds")),
                Dimension.number(json.getDouble("measureSeconds")), json.getInteger("agents") > 1
                        ? " over " + json.getInteger("agents") + " agents" : "", esc(r.bound()), r.exitCode().code()));
        sb.append("<p>Judged by: ").append(esc(String.join("; ", json.getJsonArray("thresholds").stream()
                .map(String::valueOf).toList()))).append(" (and the default sanity rules in force)</p>\n");
        sb.append("<h2>Steps</h2>\n<table id=\"steps\"><tr><th>#</th><th>load</th><th class=\"l\">stage</th>"
                + "<th class=\"l\">outcome</th>");
        if (focus != null) {
            sb.append("<th>").append(esc(focus)).append("/s</th><th>p50</th><th>p99</th><th>max</th>");
        }
        sb.append("<th>errors</th><th>measured</th><th class=\"l\">why</th><th class=\"l\">run</th></tr>\n");
        for (StepResult s : r.steps()) {
            sb.append(String.format(Locale.ROOT, "<tr class=\"step\"><td>%d</td><td>%s</td><td class=\"l\">%s</td>"
                            + "<td class=\"l %s\">%s%s</td>", s.index(), esc(d.format(s.load())), esc(s.stage()),
                    s.outcome() == Outcome.PASS ? "pass" : "fail", s.outcome().label(),
                    s.stoppedEarly() ? " (stopped early)" : ""));
            if (focus != null) {
                OperationStats o = s.operations().get(focus);
                sb.append("<td>").append(o == null ? "-" : String.format(Locale.ROOT, "%.1f", o.ratePerSecond()))
                        .append("</td><td>").append(o == null ? "-" : ValueKind.formatSeconds(o.p50()))
                        .append("</td><td>").append(o == null ? "-" : ValueKind.formatSeconds(o.p99()))
                        .append("</td><td>").append(o == null ? "-" : ValueKind.formatSeconds(o.max()))
                        .append("</td>");
            }
            sb.append("<td>").append(Double.isNaN(s.errorRate()) ? "-" : String.format(Locale.ROOT, "%.3f%%",
                    s.errorRate() * 100)).append("</td><td>").append(String.format(Locale.ROOT, "%.1f s",
                    s.measuredSeconds())).append("</td><td class=\"l\">").append(esc(String.join("; ",
                    s.reasons()))).append("</td><td class=\"l\"><a href=\"").append(esc(s.reportDir()))
                    .append("/report.html\">report</a></td></tr>\n");
        }
        sb.append("</table>\n");
        return sb.toString();
    }

    private static String resource(String name) {
        try (InputStream in = CapacityHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
