package io.fleetstorm.scenario;

import java.util.List;

/** A scenario file with problems: every one of them, one line each, ready to print. */
public final class ScenarioException extends Exception {

    private final List<String> problems;

    public ScenarioException(String file, List<String> problems) {
        super(file + ": " + problems.size() + (problems.size() == 1 ? " error" : " errors") + "\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
