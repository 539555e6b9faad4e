package io.fleetstorm.cli;

import io.fleetstorm.report.ThresholdSpec;
import io.fleetstorm.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario's thresholds parsed by the report's grammar; every bad one is named with its file and line, all at
 * once. The loader has already checked their selectors against the scenario's phases and groups in the same pass
 * as the rest of the file ({@code ScenarioLoader} with {@link ValidateCommand#GRAMMAR}).
 */
final class ScenarioThresholds {

    private ScenarioThresholds() {
    }

    static List<ThresholdSpec> of(Scenario scenario) {
        List<ThresholdSpec> specs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Scenario.Threshold t : scenario.thresholds()) {
            try {
                ThresholdSpec spec = ThresholdSpec.parse(t.expression());
                if (t.phase() != null) {
                    spec = spec.inPhase(t.phase());
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
