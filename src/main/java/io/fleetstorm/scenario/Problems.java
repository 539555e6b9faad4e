package io.fleetstorm.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Every problem of one scenario file, so all are reported at once, each as
 * {@code file:line: field rule, but was value}.
 */
public final class Problems {

    /** Problems listed; past it they are only counted (a generated file can hold thousands of the same mistake). */
    static final int MAX_LISTED = 100;

    private final String file;
    private final List<String> lines = new ArrayList<>();
    private int hidden;

    Problems(String file) {
        this.file = Text.printable(file);
    }

    /** The file as printed in messages. */
    public String file() {
        return file;
    }

    /** A problem at a node: its line and path, the rule, and the value when there is one. */
    public void add(YamlNode at, String rule, String actual) {
        line(file + ":" + at.line() + ": " + (at.path().isEmpty() ? "" : at.path() + " ") + rule
                + (actual == null ? "" : ", but was " + Text.quoted(actual)));
    }

    /** A problem whose text is already complete. */
    public void line(String text) {
        if (lines.size() < MAX_LISTED) {
            lines.add(text);
        } else {
            hidden++;
        }
    }

    /** Whether nothing was found. */
    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** Every problem, the count of unlisted ones last. */
    public List<String> lines() {
        if (hidden == 0) {
            return List.copyOf(lines);
        }
        List<String> out = new ArrayList<>(lines);
        out.add(file + ": ... and " + hidden + " more problem(s)");
        return List.copyOf(out);
    }
}
