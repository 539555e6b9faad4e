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
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A node of a scenario file with the path and line QA needs in an error ({@code phases[1].sensors.telemetry.rate},
 * line 14), and the file's {@link Problems}. Readers ask for the shape they expect; a different shape is reported
 * once, here, with the field's name.
 */
public final class YamlNode {

    private static final String MERGE = "<<";

    private final Node node;
    private final String path;
    private final Problems problems;

    YamlNode(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** The 1-based line the node starts on. */
    public int line() {
        return node == null ? 1 : node.getStartMark().getLine() + 1;
    }

    /** The field's path, e.g. {@code phases[1].sensors.telemetry.rate}; empty for the root. */
    public String path() {
        return path;
    }

    /** Where this file's problems go. */
    public Problems problems() {
        return problems;
    }

    /** Reports a problem at this node. */
    public void problem(String rule, String actual) {
        problems.add(this, rule, actual);
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /** The scalar's text ({@code ""} for an empty or {@code ~} value); null when the node is a list or mapping. */
    public String text() {
        if (!(node instanceof ScalarNode s)) {
            return null;
        }
        return Tag.NULL.equals(s.getTag()) ? "" : s.getValue();
    }

    /** The scalar's text; a list or mapping is reported as such and gives null. */
    public String scalar() {
        if (node instanceof ScalarNode) {
            return text();
        }
        problem("must be a single value, but was " + kind(), null);
        return null;
    }

    /** What the node is, for messages: "a list" or "a mapping" or "a value". */
    public String kind() {
        return isList() ? "a list" : isMap() ? "a mapping" : "a value";
    }

    /**
     * The mapping's entries in file order; reports a node that is not a mapping, keys not in {@code allowed} (null =
     * any key), non-text keys and keys written twice. YAML merge keys ({@code <<: *defaults}) are applied, the
     * mapping's own keys winning.
     */
    public Map<String, YamlNode> entries(List<String> allowed) {
        Map<String, YamlNode> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode map)) {
            // a value is shown as itself ("but was '3ms'"), a list or mapping by its kind
            problem("must be a mapping" + (allowed == null || allowed.isEmpty() ? "" : " of " + String.join(", ",
                    allowed)) + (isScalar() ? "" : ", but was " + kind()), isScalar() ? text() : null);
            return out;
        }
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        List<YamlNode> merged = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                new YamlNode(t.getKeyNode(), path, problems).problem("has a key that is " + new YamlNode(
                        t.getKeyNode(), path, problems).kind() + "; keys must be plain names", null);
                continue;
            }
            String key = k.getValue();
            YamlNode keyNode = new YamlNode(k, join(key), problems);
            if (key.equals(MERGE) && Tag.MERGE.equals(k.getTag())) {
                merged.add(new YamlNode(t.getValueNode(), path, problems));
                continue;
            }
            Integer earlier = firstLine.putIfAbsent(key, keyNode.line());
            if (earlier != null) {
                keyNode.problem("is given twice (first at line " + earlier + ")", null);
                continue;
            }
            if (allowed != null && !allowed.contains(key)) {
                keyNode.problem("is not a known field (expected one of: " + String.join(", ", allowed) + ")", null);
                continue;
            }
            out.put(key, new YamlNode(t.getValueNode(), join(key), problems));
        }
        for (YamlNode m : merged) {
            List<YamlNode> sources = m.isList() ? m.items() : List.of(m);
            for (YamlNode source : sources) {
                source.entries(allowed).forEach((key, value) -> out.putIfAbsent(key,
                        new YamlNode(value.node, join(key), problems)));
            }
        }
        return out;
    }

    /** The list's items; a node that is not a list is reported. */
    public List<YamlNode> items() {
        List<YamlNode> out = new ArrayList<>();
        if (!(node instanceof SequenceNode seq)) {
            problem("must be a list, but was " + kind(), isScalar() ? text() : null);
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new YamlNode(seq.getValue().get(i), path + "[" + i + "]", problems));
        }
        return out;
    }

    /** The raw node, for the loader's overrides. */
    Node node() {
        return node;
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
