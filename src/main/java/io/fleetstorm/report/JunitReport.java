package io.fleetstorm.report;

import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.RunResult;
import java.util.Locale;
import java.util.Map;

/**
 * {@code junit.xml} for CI: one test case per threshold (a failure carries observed vs limit, and when a window or an
 * abort saw it), one per default sanity rule in force, one for the generator's saturation check (a failure unless
 * the scenario accepts saturation), and two for the run itself: the target was reachable, and the run ran to its
 * planned end. The suite's {@code system-out} holds the summary's outcome lines (devices, abandoned operations,
 * outages, outcomes, explained errors), so a CI page shows them beside the verdict.
 */
public final class JunitReport {

    private JunitReport() {
    }

    public static String render(RunReport report) {
        RunResult r = report.result();
        StringBuilder cases = new StringBuilder();
        int tests = 0;
        int failures = 0;
        for (ThresholdResult t : report.thresholdResults()) {
            ThresholdSpec s = t.spec();
            boolean scoped = s.phase() != null || s.group() != null || s.windowed();
            String name = s.expression() + (scoped ? " [" + s.scopeText()
                    + (s.windowed() ? ", " + s.windowText() + " window" : "") + "]" : "");
            String stopped = report.live().stoppedBy() != null && report.live().stoppedBy().spec().equals(s)
                    ? "; stopped the run at " + Human.duration(report.live().stoppedBy().atSeconds())
                    : "";
            tests++;
            failures += testCase(cases, "fleetstorm.thresholds", name, t.passed() ? null : "threshold",
                    "observed " + t.observedText() + ", limit " + s.limitText() + stopped, t.describe() + stopped);
        }
        for (ThresholdResult t : report.sanityResults()) {
            String text = SanityRules.describe(t, r.run());
            tests++;
            failures += testCase(cases, "fleetstorm.sanity", t.spec().expression() + " (default rule)",
                    t.passed() ? null : "sanity", text.substring(5), "run " + report.verdict().status() + ": "
                            + text);
        }
        String saturation = String.join("; ", report.saturation().reasons());
        tests++;
        failures += testCase(cases, "fleetstorm.generator", "generator not saturated",
                report.saturation().saturated() && !report.acceptSaturation() ? "saturation" : null, saturation,
                "run INVALID: " + saturation);
        String unreachable = report.verdict().status() == Verdict.Status.UNREACHABLE
                ? report.verdict().reasons().stream().filter(x -> x.startsWith("target unreachable: ")).findFirst()
                        .orElse("target unreachable") : null;
        tests++;
        failures += testCase(cases, "fleetstorm.run", "target reachable", unreachable == null ? null : "unreachable",
                unreachable, "run UNREACHABLE: " + unreachable);
        String abort = r.aborted() ? "aborted (" + r.abortCause().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + "): " + r.abortReason() : null;
        tests++;
        failures += testCase(cases, "fleetstorm.run", "ran to its planned end", abort == null ? null : "aborted",
                abort, "run " + report.verdict().status() + ": " + abort);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
                + String.format(Locale.ROOT, "  <testsuite name=\"fleetstorm %s\" tests=\"%d\" failures=\"%d\" "
                        + "errors=\"0\" skipped=\"0\" time=\"%.3f\">%n", xml(r.info().scenario()), tests,
                failures, r.run().durationSeconds())
                + cases + "    <system-out>" + xml(systemOut(report)) + "</system-out>\n"
                + "  </testsuite>\n</testsuites>\n";
    }

    /** One test case; {@code failureType} null = passed. Returns the failures it adds (0 or 1). */
    private static int testCase(StringBuilder cases, String classname, String name, String failureType,
            String message, String text) {
        cases.append("    <testcase classname=\"").append(classname).append("\" name=\"").append(xml(name))
                .append("\"");
        if (failureType == null) {
            cases.append("/>\n");
            return 0;
        }
        cases.append(">\n      <failure message=\"").append(xml(message)).append("\" type=\"").append(failureType)
                .append("\">").append(xml(text)).append("</failure>\n    </testcase>\n");
        return 1;
    }

    private static String systemOut(RunReport report) {
        RunResult r = report.result();
        StringBuilder sb = new StringBuilder("\n");
        sb.append(SummaryLines.devices(r.run())).append('\n').append(SummaryLines.abandoned(r.run())).append('\n');
        for (Outage o : SummaryLines.targetOutages(r)) {
            sb.append(SummaryLines.outage(o, r)).append('\n');
        }
        SummaryLines.outcomes(r).forEach(l -> sb.append("outcome ").append(l).append('\n'));
        sb.append("errors: ").append(Human.count(r.run().errorCount())).append('\n');
        for (Map.Entry<ErrorKey, Long> e : r.run().errors().entrySet()) {
            String why = SummaryLines.explain(e.getKey());
            sb.append("  ").append(e.getKey().group()).append(' ').append(e.getKey().kind()).append('/')
                    .append(e.getKey().reason()).append(' ').append(Human.count(e.getValue()))
                    .append(why.isEmpty() ? "" : ": " + why).append('\n');
        }
        sb.append("verdict: ").append(report.verdict().status()).append(" (exit code ")
                .append(report.verdict().exitCode()).append(")\n");
        report.verdict().reasons().forEach(x -> sb.append("  ").append(x).append('\n'));
        return sb.append("    ").toString();
    }

    /**
     * Escapes text for XML attributes and content; characters XML 1.0 cannot carry at all (controls other than tab,
     * newline and return, e.g. from a hostile peer's error code) become U+FFFD.
     */
    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF
                        ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }
}
