package io.fleetstorm.report.compare;

import java.util.Locale;

/** The comparison on the console: the figures, the rules judged, how noise was estimated, the outcome. */
public final class CompareText {

    private CompareText() {
    }

    public static String render(RunComparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "fleetstorm compare: baseline %s (%s) vs current %s (%s), %s%% "
                        + "confidence%n", c.baseline().label(), c.baseline().source(), c.current().label(),
                c.current().source(), trim(c.confidence() * 100)));
        String scenarioA = c.baseline().report().result().info().scenario();
        String scenarioB = c.current().report().result().info().scenario();
        if (!scenarioA.equals(scenarioB)) {
            sb.append("note: the runs are of different scenarios (").append(scenarioA).append(", ")
                    .append(scenarioB).append(")").append(System.lineSeparator());
        }
        sb.append(String.format(Locale.ROOT, "%-30s %11s %11s  %-22s %-26s %s%n", "figure", "baseline", "current",
                "change", "interval of the change", "noise"));
        for (CompareRow r : c.rows()) {
            sb.append(String.format(Locale.ROOT, "%-30s %11s %11s  %-22s %-26s %s%n", r.subject(),
                    r.format(r.baseline()), r.format(r.current()), r.changeText(), r.intervalText(),
                    !r.noiseKnown() ? "-" : r.beyondNoise() ? "BEYOND" : "within"));
        }
        sb.append("rules:").append(System.lineSeparator());
        c.rules().forEach(r -> sb.append("  ").append(r.text()).append(System.lineSeparator()));
        sb.append("noise:").append(System.lineSeparator());
        c.methods().forEach(m -> sb.append("  ").append(m.description()).append(System.lineSeparator()));
        if (c.baseline().hlogNote() != null) {
            sb.append("  baseline: ").append(c.baseline().hlogNote()).append(System.lineSeparator());
        }
        if (c.current().hlogNote() != null) {
            sb.append("  current: ").append(c.current().hlogNote()).append(System.lineSeparator());
        }
        sb.append(verdict(c)).append(System.lineSeparator());
        return sb.toString();
    }

    /** The outcome in one line: {@code regression: publish-ack.p99 +10% (publish-ack p99 +3.1ms (+172.4%))}. */
    public static String verdict(RunComparison c) {
        StringBuilder failed = new StringBuilder();
        for (RunComparison.RuleResult r : c.rules()) {
            if (r.regressed()) {
                failed.append(failed.length() == 0 ? "" : "; ").append(r.rule().expression()).append(" (")
                        .append(r.row() == null ? r.rule().subject() : r.row().subject() + " "
                                + r.row().changeText()).append(")");
            }
        }
        return failed.length() == 0 ? "no regression (" + c.rules().size() + " rule(s) held)"
                : "regression: " + failed;
    }

    static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
