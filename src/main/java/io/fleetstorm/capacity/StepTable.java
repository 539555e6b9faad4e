package io.fleetstorm.capacity;

import io.fleetstorm.report.ValueKind;
import java.util.Locale;

/** The steps of a search as the console shows them: one line per step as it ends, a table at the end. */
public final class StepTable {

    private StepTable() {
    }

    /**
     * One step's result: {@code PASS publish-ack 1999.8/s p50 1.1ms p99 3.4ms; errors 0.000%; measured 10.0 s of
     * 16.2 s}, then one indented line per reason.
     */
    public static String line(StepResult r, Dimension d, String focus) {
        StringBuilder sb = new StringBuilder("  ").append(r.outcome().name());
        OperationStats o = focus == null ? null : r.operations().get(focus);
        if (o != null) {
            sb.append(String.format(Locale.ROOT, " %s %.1f/s p50 %s p99 %s", focus, o.ratePerSecond(),
                    ValueKind.formatSeconds(o.p50()), ValueKind.formatSeconds(o.p99())));
        }
        sb.append(String.format(Locale.ROOT, "; errors %s; measured %.1f s of %.1f s%s%n", Double.isNaN(r.errorRate())
                        ? "-" : String.format(Locale.ROOT, "%.3f%%", r.errorRate() * 100), r.measuredSeconds(),
                r.wallSeconds(), r.stoppedEarly() ? " (stopped early)" : ""));
        r.reasons().forEach(reason -> sb.append("    ").append(reason).append(System.lineSeparator()));
        return sb.toString();
    }

    /** Every step, sorted by load: load, outcome, the focus operation's rate and percentiles, errors. */
    public static String render(CapacityResult result, String focus) {
        Dimension d = result.dimension();
        StringBuilder sb = new StringBuilder(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "%-4s %18s  %-7s %-10s", "step", "load (" + d.unit() + ")", "stage",
                "outcome"));
        if (focus != null) {
            sb.append(String.format(Locale.ROOT, " %12s %9s %9s %9s", focus + "/s", "p50", "p99", "max"));
        }
        sb.append(String.format(Locale.ROOT, " %9s%n", "errors"));
        result.steps().stream().sorted((a, b) -> Double.compare(a.load(), b.load())).forEach(s -> {
            sb.append(String.format(Locale.ROOT, "%-4d %18s  %-7s %-10s", s.index(), Dimension.number(s.load()),
                    s.stage(), s.outcome().label() + (s.stoppedEarly() ? "*" : "")));
            if (focus != null) {
                OperationStats o = s.operations().get(focus);
                sb.append(o == null ? String.format(Locale.ROOT, " %12s %9s %9s %9s", "-", "-", "-", "-")
                        : String.format(Locale.ROOT, " %12.1f %9s %9s %9s", o.ratePerSecond(),
                        ValueKind.formatSeconds(o.p50()), ValueKind.formatSeconds(o.p99()),
                        ValueKind.formatSeconds(o.max())));
            }
            sb.append(String.format(Locale.ROOT, " %9s%n", Double.isNaN(s.errorRate()) ? "-"
                    : String.format(Locale.ROOT, "%.3f%%", s.errorRate() * 100)));
        });
        if (result.steps().stream().anyMatch(StepResult::stoppedEarly)) {
            sb.append("* stopped early: a threshold was clearly lost").append(System.lineSeparator());
        }
        return sb.toString();
    }
}
