package io.fleetstorm.cli;

import io.fleetstorm.report.ThresholdSpec;
import io.fleetstorm.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario's thresholds parsed by the report's grammar; every bad one is named with its file and line, all at
 * once: grammar errors, and selectors that name a phase or group the scenario does not have.
 */
final class ScenarioThresholds {

    private ScenarioThresholds() {
    }

    static List<ThresholdSpec> of(Scenario scenario) {
        List<ThresholdSpec> specs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> phases = scenario.phases().stream().map(Scenario.Phase::name).toList();
        List<String> groups = scenario.groups().stream().map(Scenario.Group::name).toList();
        for (Scenario.Threshold t : scenario.thresholds()) {
            try {
                ThresholdSpec spec = ThresholdSpec.parse(t.expression());
                if (t.phase() != null && spec.phase() != null && !t.phase().equals(spec.phase())) {
                    problems.add(t.where() + " threshold '" + t.expression() + "': phase is given twice, as '"
                            + t.phase() + "' and in the expression as '" + spec.phase() + "'; keep one");
                    continue;
                }
                if (t.phase() != null) {
                    spec = spec.inPhase(t.phase());
                }
                if (spec.phase() != null && !phases.contains(spec.phase())) {
                    problems.add(t.where() + " threshold '" + t.expression() + "': phase must name a phase ("
                            + String.join(", ", phases) + "), but was '" + spec.phase() + "'");
                    continue;
                }
                if (spec.group() != null && !groups.contains(spec.group())) {
                    problems.add(t.where() + " threshold '" + t.expression() + "': group must name a group ("
                            + String.join(", ", groups) + "), but was '" + spec.group() + "'");
                    continue;
                }
                specs.add(spec.withAbortOnFail(t.abortOnFail()));
            } catch (IllegalArgumentException e) {
                problems.add(t.where() + " " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(String.join(System.lineSeparator(), problems));
        }
        return List.copyOf(specs);
    }
}
