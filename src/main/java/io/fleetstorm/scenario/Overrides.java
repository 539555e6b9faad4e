package io.fleetstorm.scenario;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code --set phases[1].duration=5m}: replaces (or adds) a scalar in the parsed tree before validation, so errors in
 * an override still name the field. Precedence: defaults < file < environment < flags.
 */
final class Overrides {

    private Overrides() {
    }

    /** The longest {@code --set} path and value. */
    static final int MAX_CHARS = ScenarioSource.MAX_VALUE_CHARS;
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]{1,64}(\\[\\d{1,6}])?");

    static void apply(Node root, Map<String, String> overrides, Problems problems) {
        overrides.forEach((path, value) -> {
            String[] parts = path.split("\\.", -1);
            if (path.length() > MAX_CHARS || !Arrays.stream(parts).allMatch(p -> PART.matcher(p).matches())) {
                problems.line("--set " + Text.quoted(path) + ": must be a path such as phases[1].duration");
            } else if (value == null || value.length() > MAX_CHARS) {
                problems.line("--set " + path + ": the value is longer than " + MAX_CHARS + " characters");
            } else if (!set(root, parts, 0, value)) {
                problems.line("--set " + path + ": no such place in " + problems.file());
            }
        });
    }

    private static boolean set(Node node, String[] parts, int i, String value) {
        String part = parts[i];
        String key = part.replaceAll("\\[\\d+]$", "");
        Integer index = part.matches(".*\\[\\d+]$")
                ? Integer.parseInt(part.substring(part.lastIndexOf('[') + 1, part.length() - 1)) : null;
        if (!(node instanceof MappingNode map)) {
            return false;
        }
        for (int t = 0; t < map.getValue().size(); t++) {
            NodeTuple tuple = map.getValue().get(t);
            if (!(tuple.getKeyNode() instanceof ScalarNode k) || !k.getValue().equals(key)) {
                continue;
            }
            Node child = tuple.getValueNode();
            if (index != null) {
                if (!(child instanceof SequenceNode seq) || index >= seq.getValue().size()) {
                    return false;
                }
                if (i == parts.length - 1) {
                    seq.getValue().set(index, scalar(value, seq.getValue().get(index)));
                    return true;
                }
                return set(seq.getValue().get(index), parts, i + 1, value);
            }
            if (i == parts.length - 1) {
                map.getValue().set(t, new NodeTuple(tuple.getKeyNode(), scalar(value, child)));
                return true;
            }
            return set(child, parts, i + 1, value);
        }
        if (i == parts.length - 1 && index == null) {
            map.getValue().add(new NodeTuple(scalar(key, map), scalar(value, map)));
            return true;
        }
        return false;
    }

    private static ScalarNode scalar(String value, Node near) {
        return new ScalarNode(Tag.STR, value, near.getStartMark(), near.getEndMark(), DumperOptions.ScalarStyle.PLAIN);
    }
}
