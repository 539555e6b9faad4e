package io.fleetstorm.report.compare;

/**
 * {@code junit.xml} of a comparison for the CI page: one test case per regression rule (a failure names the rule, the
 * operation and percentile, both values, the change and its interval), the figures in the suite's system-out.
 */
public final class CompareJunit {

    public static final String FILE_NAME = "junit.xml";

    private CompareJunit() {
    }

    public static String render(RunComparison c) {
        StringBuilder cases = new StringBuilder();
        int failures = 0;
        for (RunComparison.RuleResult r : c.rules()) {
            String name = r.rule().expression() + (r.row() == null ? "" : " [" + r.row().subject() + "]");
            cases.append("  <testcase classname=\"fleetstorm.compare\" name=\"").append(CompareHtml.esc(name))
                    .append("\" time=\"0\">\n");
            if (r.regressed()) {
                failures++;
                cases.append("    <failure type=\"regression\" message=\"").append(CompareHtml.esc(r.text()))
                        .append("\">").append(CompareHtml.esc(r.text())).append("</failure>\n");
            }
            cases.append("  </testcase>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"fleetstorm compare "
                + CompareHtml.esc(c.baseline().label()) + " vs " + CompareHtml.esc(c.current().label())
                + "\" tests=\"" + c.rules().size() + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"0\">\n"
                + cases + "  <system-out>" + CompareHtml.esc(CompareText.render(c)) + "</system-out>\n"
                + "</testsuite>\n";
    }
}
