package io.fleetstorm.report;

import io.fleetstorm.metrics.LatencyKey;
import io.fleetstorm.metrics.RunResults;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** The end-of-run outputs: the console table, summary.json (with encoded histograms) and junit.xml. */
public final class Summary {

    private Summary() {
    }

    /** Per group x operation: count, rate, corrected and service percentiles; errors; thresholds; verdict. */
    public static String console(String scenario, RunResults r, Verdict v) {
        StringBuilder sb = new StringBuilder();
        double seconds = r.durationNanos() / 1e9;
        sb.append(String.format("%nfleetstorm: %s, %.1f s%n", scenario, seconds));
        sb.append(String.format("%-12s %-19s %9s %9s  %-44s  %s%n", "group", "operation", "count", "rate/s",
                "latency from intended p50 / p90 / p99 / p99.9 / max", "service p50 / p99"));
        for (Map.Entry<LatencyKey, Histogram> e : sorted(r.corrected()).entrySet()) {
            Histogram h = e.getValue();
            Histogram s = r.service().get(e.getKey());
            sb.append(String.format("%-12s %-19s %9d %9.1f  %-44s  %s%n", r.groups().get(e.getKey().group()),
                    e.getKey().operation().label(), h.getTotalCount(), h.getTotalCount() / seconds,
                    ms(h.getValueAtPercentile(50)) + " / " + ms(h.getValueAtPercentile(90)) + " / "
                            + ms(h.getValueAtPercentile(99)) + " / " + ms(h.getValueAtPercentile(99.9)) + " / "
                            + ms(h.getMaxValue()),
                    s == null ? "-" : ms(s.getValueAtPercentile(50)) + " / " + ms(s.getValueAtPercentile(99))));
        }
        if (!r.errors().isEmpty()) {
            sb.append("errors:\n");
            new TreeMap<>(r.errors()).forEach((k, n) -> {
                String[] p = k.split("\\|", 3);
                sb.append(String.format("  %-12s %-12s %-28s %d%n", r.groups().get(Integer.parseInt(p[0])), p[1],
                        p[2], n));
            });
        }
        long lagP99 = r.loopLag().getTotalCount() == 0 ? 0 : r.loopLag().getValueAtPercentile(99);
        sb.append(String.format("generator: %d operations, %d late starts, event-loop lag p99 %s%s%n", r.operations(),
                r.lateStarts(), ms(lagP99), r.saturatedSeconds().isEmpty() ? "" : ", fell behind at "
                        + r.saturatedSeconds().stream().limit(20).map(s -> s + "s")
                                .collect(java.util.stream.Collectors.joining(" "))));
        for (Verdict.Check c : v.checks()) {
            sb.append(String.format("  %s %-40s observed %s%n", c.passed() ? "PASS" : "FAIL",
                    c.threshold().expression(), c.threshold().format(c.observed())));
        }
        sb.append(v.headline()).append('\n');
        return sb.toString();
    }

    /** summary.json: stable fields plus base64 HdrHistogram encodings, so runs and shards can be merged exactly. */
    public static JsonObject json(String scenario, RunResults r, Verdict v) {
        JsonArray ops = new JsonArray();
        for (Map.Entry<LatencyKey, Histogram> e : sorted(r.corrected()).entrySet()) {
            Histogram h = e.getValue();
            Histogram s = r.service().get(e.getKey());
            ops.add(new JsonObject().put("group", r.groups().get(e.getKey().group()))
                    .put("operation", e.getKey().operation().label()).put("count", h.getTotalCount())
                    .put("p50Seconds", h.getValueAtPercentile(50) / 1e9).put("p90Seconds", h.getValueAtPercentile(90) / 1e9)
                    .put("p99Seconds", h.getValueAtPercentile(99) / 1e9)
                    .put("p999Seconds", h.getValueAtPercentile(99.9) / 1e9).put("maxSeconds", h.getMaxValue() / 1e9)
                    .put("correctedHistogram", encode(h)).put("serviceHistogram", s == null ? null : encode(s)));
        }
        JsonArray checks = new JsonArray();
        v.checks().forEach(c -> checks.add(new JsonObject().put("expression", c.threshold().expression())
                .put("observed", Double.isNaN(c.observed()) ? null : c.observed()).put("passed", c.passed())));
        return new JsonObject().put("schemaVersion", 1).put("scenario", scenario)
                .put("durationSeconds", r.durationNanos() / 1e9).put("groups", new JsonArray(r.groups()))
                .put("operations", ops).put("counters", new JsonObject(new TreeMap<>(r.counters())))
                .put("errors", new JsonObject(new TreeMap<>(r.errors())))
                .put("generator", new JsonObject().put("operationsStarted", r.operations())
                        .put("lateStarts", r.lateStarts()).put("loopLagHistogram", encode(r.loopLag())))
                .put("thresholds", checks).put("verdict", v.headline()).put("exitCode", v.exitCode());
    }

    /** junit.xml: one test case per threshold (and one for the generator's health), for CI. */
    public static String junit(String scenario, Verdict v) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long failures = v.checks().stream().filter(c -> !c.passed()).count() + (v.saturated() != null ? 1 : 0);
        sb.append(String.format("<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\">%n", xml(scenario),
                v.checks().size() + 1, failures));
        for (Verdict.Check c : v.checks()) {
            sb.append(String.format("  <testcase classname=\"thresholds\" name=\"%s\">", xml(c.threshold().expression())));
            if (!c.passed()) {
                sb.append(String.format("<failure message=\"observed %s\"/>", xml(c.threshold().format(c.observed()))));
            }
            sb.append("</testcase>\n");
        }
        sb.append("  <testcase classname=\"generator\" name=\"not saturated\">");
        if (v.saturated() != null) {
            sb.append(String.format("<failure message=\"%s\"/>", xml(v.saturated())));
        }
        sb.append("</testcase>\n</testsuite>\n");
        return sb.toString();
    }

    public static void write(Path dir, String scenario, RunResults r, Verdict v, String console) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.json"), json(scenario, r, v).encodePrettily(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("junit.xml"), junit(scenario, v), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.txt"), console, StandardCharsets.UTF_8);
    }

    static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    private static Map<LatencyKey, Histogram> sorted(Map<LatencyKey, Histogram> m) {
        Map<LatencyKey, Histogram> out = new TreeMap<>(Comparator.comparingInt(LatencyKey::group)
                .thenComparing(k -> k.operation().ordinal()));
        out.putAll(m);
        return out;
    }

    private static String ms(double nanos) {
        return String.format("%.1fms", nanos / 1e6);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
