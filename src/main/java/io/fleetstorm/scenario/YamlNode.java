package io.fleetstorm.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node with the path and line QA needs in an error ({@code phases[1].sensors.telemetry.rate}, line 14), and
 * the errors collected for the whole file.
 */
final class YamlNode {

    /** Collects every problem of a file, so all are reported at once. */
    static final class Problems {
        final String file;
        final List<String> lines = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        void add(YamlNode at, String rule, Object actual) {
            lines.add(file + ":" + at.line() + ": " + at.path + " " + rule
                    + (actual == null ? "" : ", but was " + quote(actual)));
        }

        private static String quote(Object actual) {
            return actual instanceof String s ? "'" + s + "'" : String.valueOf(actual);
        }
    }

    final Node node;
    final String path;
    final Problems problems;

    YamlNode(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    int line() {
        return node == null ? 1 : node.getStartMark().getLine() + 1;
    }

    boolean isMap() {
        return node instanceof MappingNode;
    }

    boolean isList() {
        return node instanceof SequenceNode;
    }

    boolean isScalar() {
        return node instanceof ScalarNode;
    }

    String text() {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    /** The mapping's entries in file order; reports keys not in {@code allowed} (null = any key). */
    Map<String, YamlNode> entries(List<String> allowed) {
        Map<String, YamlNode> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode map)) {
            problems.add(this, "must be a mapping", null);
            return out;
        }
        for (NodeTuple t : map.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : String.valueOf(t.getKeyNode());
            YamlNode child = new YamlNode(t.getValueNode(), path.isEmpty() ? key : path + "." + key, problems);
            if (allowed != null && !allowed.contains(key)) {
                problems.add(new YamlNode(t.getKeyNode(), path.isEmpty() ? key : path + "." + key, problems),
                        "is not a known field (expected one of: " + String.join(", ", allowed) + ")", null);
                continue;
            }
            out.put(key, child);
        }
        return out;
    }

    List<YamlNode> items() {
        List<YamlNode> out = new ArrayList<>();
        if (!(node instanceof SequenceNode seq)) {
            problems.add(this, "must be a list", null);
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new YamlNode(seq.getValue().get(i), path + "[" + i + "]", problems));
        }
        return out;
    }
}
