package io.fleetstorm.cli;

import java.util.List;
import java.util.Locale;

/**
 * One line of the preflight table: what was checked, against what, its outcome and what it found (or what to do).
 *
 * @param millis how long the check took, or -1
 */
record PreflightRow(String check, String subject, Status status, String detail, long millis) {

    /** A check's outcome; FAIL makes {@code preflight} exit 2. */
    enum Status { PASS, WARN, FAIL, SKIP }

    static PreflightRow pass(String check, String subject, String detail, long millis) {
        return new PreflightRow(check, subject, Status.PASS, detail, millis);
    }

    static PreflightRow warn(String check, String subject, String detail) {
        return new PreflightRow(check, subject, Status.WARN, detail, -1);
    }

    static PreflightRow fail(String check, String subject, String detail, long millis) {
        return new PreflightRow(check, subject, Status.FAIL, detail, millis);
    }

    /** The table: one line per check, the detail wrapped under it when it is long. */
    static String table(List<PreflightRow> rows) {
        int check = Math.max(5, rows.stream().mapToInt(r -> r.check().length()).max().orElse(0));
        int subject = Math.min(48, Math.max(7, rows.stream().mapToInt(r -> r.subject().length()).max().orElse(0)));
        StringBuilder sb = new StringBuilder();
        String format = "%-" + check + "s  %-" + subject + "s  %-4s  %8s  %s%n";
        sb.append(String.format(Locale.ROOT, format, "check", "subject", "", "time", "detail"));
        for (PreflightRow r : rows) {
            sb.append(String.format(Locale.ROOT, format, r.check(), r.subject(), r.status(),
                    r.millis() < 0 ? "" : r.millis() + " ms", r.detail()));
        }
        return sb.toString();
    }
}
