package io.fleetstorm.report;

import java.util.Locale;

/**
 * {@code junit.xml} for CI: one test case per threshold (a failure carries observed vs limit) plus one for the
 * generator's saturation check (a failure unless the scenario accepts saturation).
 */
public final class JunitReport {

    private JunitReport() {
    }

    public static String render(RunReport report) {
        int failures = 0;
        StringBuilder cases = new StringBuilder();
        for (ThresholdResult t : report.thresholdResults()) {
            String name = t.spec().expression() + (t.spec().phase() == null ? "" : " [phase " + t.spec().phase() + "]");
            cases.append("    <testcase classname=\"fleetstorm.thresholds\" name=\"").append(xml(name)).append("\"");
            if (t.passed()) {
                cases.append("/>\n");
            } else {
                failures++;
                String message = "observed " + t.observedText() + ", limit " + t.spec().limitText();
                cases.append(">\n      <failure message=\"").append(xml(message)).append("\" type=\"threshold\">")
                        .append(xml(t.describe())).append("</failure>\n    </testcase>\n");
            }
        }
        cases.append("    <testcase classname=\"fleetstorm.generator\" name=\"generator not saturated\"");
        if (report.saturation().saturated() && !report.acceptSaturation()) {
            failures++;
            String reasons = String.join("; ", report.saturation().reasons());
            cases.append(">\n      <failure message=\"").append(xml(reasons))
                    .append("\" type=\"saturation\">run INVALID: ").append(xml(reasons))
                    .append("</failure>\n    </testcase>\n");
        } else {
            cases.append("/>\n");
        }
        int tests = report.thresholdResults().size() + 1;
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
                + String.format(Locale.ROOT, "  <testsuite name=\"fleetstorm %s\" tests=\"%d\" failures=\"%d\" "
                        + "errors=\"0\" skipped=\"0\" time=\"%.3f\">%n", xml(report.result().info().scenario()), tests,
                failures, report.result().run().durationSeconds())
                + cases + "  </testsuite>\n</testsuites>\n";
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
