package io.fleetstorm.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a scenario file into a validated {@link Scenario}: the whole file is checked, and every file it names opened
 * and checked, before anything connects; every problem is reported at once as {@code file:line: field rule, but was
 * value}. Whatever the input (binary garbage, an alias bomb, a 50 MB value, invalid UTF-8), the answer is a
 * {@link ScenarioException} with locations, in bounded time and memory.
 */
public final class ScenarioLoader {

    /** Checks a threshold expression against the report's grammar: null when it is fine, else the rule it breaks. */
    @FunctionalInterface
    public interface ThresholdGrammar {

        /** Only the shape the loader itself checks. */
        ThresholdGrammar SHAPE_ONLY = expression -> null;

        String problem(String expression);
    }

    private ScenarioLoader() {
    }

    /** Loads and validates a file, with {@code --set path=value} overrides applied first. */
    public static Scenario load(Path file, Map<String, String> overrides) throws ScenarioException {
        return load(file, overrides, ThresholdGrammar.SHAPE_ONLY);
    }

    /** As {@link #load(Path, Map)}, every threshold also checked by {@code grammar}, with the rest in one pass. */
    public static Scenario load(Path file, Map<String, String> overrides, ThresholdGrammar grammar)
            throws ScenarioException {
        Problems problems = new Problems(file.toString());
        Node root = ScenarioSource.compose(file, problems);
        if (root == null) {
            throw new ScenarioException(problems.file(), problems.lines());
        }
        Overrides.apply(root, overrides, problems);
        Scenario scenario = new ScenarioReader(new YamlNode(root, "", problems), file, grammar).scenario();
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems.file(), problems.lines());
        }
        return scenario;
    }

    /**
     * Loads and validates a file as {@code fleetstorm provision} reads it: everything is checked as by
     * {@link #load(Path, Map)}, but a group's {@code csv} or {@code certDir} is named and not read
     * ({@link Credentials.Unloaded}), since provisioning is what writes it.
     */
    public static Scenario loadForProvisioning(Path file, Map<String, String> overrides) throws ScenarioException {
        Problems problems = new Problems(file.toString());
        Node root = ScenarioSource.compose(file, problems);
        if (root == null) {
            throw new ScenarioException(problems.file(), problems.lines());
        }
        Overrides.apply(root, overrides, problems);
        Scenario scenario = new ScenarioReader(new YamlNode(root, "", problems), file, ThresholdGrammar.SHAPE_ONLY)
                .credentialsUnloaded().scenario();
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems.file(), problems.lines());
        }
        return scenario;
    }

    /** The top-level fields, in the order messages list them. */
    static final List<String> TOP = List.of("name", "target", "groups", "phases", "thresholds", "outputs",
            "acceptSaturation", "agents", "hub", "regressions");
}
