package io.fleetstorm.scenario;

import io.fleetstorm.protocol.DeviceId;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a scenario file into a validated {@link Scenario}: the whole file is checked before anything connects, and
 * every problem is reported at once as {@code file:line: field rule, but was value}.
 */
public final class ScenarioLoader {

    static final List<String> TOP = List.of("name", "target", "groups", "phases", "thresholds", "outputs",
            "acceptSaturation");
    static final List<String> TARGET = List.of("host", "port", "tls", "ca", "insecure", "api", "sourceAddresses");
    static final List<String> GROUP = List.of("name", "productId", "count", "namePattern", "indexOffset", "auth",
            "signMethod", "credentials", "sdk", "keepAlive", "cleanSession");
    static final List<String> BEHAVIOURS = List.of("connect", "idle", "telemetry", "echo", "downlink", "shadow", "ota",
            "reconnect");
    static final List<String> THRESHOLD_FIELDS = List.of("expr", "phase", "abortOnFail");
    /** The shape only; the report's grammar checks metric, aggregate and value before the run starts. */
    private static final Pattern THRESHOLD = Pattern.compile(
            "[a-z][a-z0-9.-]*\\.[a-z0-9]+\\s*(\\{[^}]*\\})?\\s*(<=|>=|<|>)\\s*\\S+");

    private ScenarioLoader() {
    }

    /** Loads and validates a file, with {@code --set path=value} overrides applied first. */
    public static Scenario load(Path file, Map<String, String> overrides) throws ScenarioException {
        String name = file.toString();
        Node root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).compose(in);
        } catch (IOException e) {
            throw new ScenarioException(name, List.of(name + ": cannot read file (" + e.getClass().getSimpleName()
                    + ")"));
        } catch (RuntimeException e) {
            throw new ScenarioException(name, List.of(name + ": not valid YAML: " + e.getMessage().replace('\n', ' ')));
        }
        YamlNode.Problems problems = new YamlNode.Problems(name);
        if (root == null) {
            throw new ScenarioException(name, List.of(name + ":1: the file is empty"));
        }
        Overrides.apply(root, overrides, problems);
        Scenario scenario = new FileReader(new YamlNode(root, "", problems), file).scenario();
        if (!problems.lines.isEmpty()) {
            throw new ScenarioException(name, problems.lines);
        }
        return scenario;
    }

    /** Walks one file. */
    private static final class FileReader {
        private final YamlNode root;
        private final Path file;
        private final YamlNode.Problems problems;

        FileReader(YamlNode root, Path file) {
            this.root = root;
            this.file = file;
            this.problems = root.problems;
        }

        Scenario scenario() {
            Map<String, YamlNode> top = root.entries(TOP);
            String name = string(top, "name", root, null);
            Scenario.Target target = target(top.get("target"));
            List<Scenario.Group> groups = new ArrayList<>();
            List<String> declared = new ArrayList<>();
            YamlNode groupList = top.get("groups");
            if (groupList == null) {
                problems.add(root, "groups is required", null);
            } else {
                for (YamlNode g : groupList.items()) {
                    if (g.isMap() && g.entries(null).get("name") != null) {
                        declared.add(g.entries(null).get("name").text());
                    }
                    Scenario.Group group = group(g, groups);
                    if (group != null) {
                        groups.add(group);
                    }
                }
            }
            List<Scenario.Phase> phases = new ArrayList<>();
            YamlNode phaseList = top.get("phases");
            if (phaseList == null) {
                problems.add(root, "phases is required", null);
            } else {
                for (YamlNode p : phaseList.items()) {
                    phases.add(phase(p, declared));
                }
            }
            List<Scenario.Threshold> thresholds = new ArrayList<>();
            if (top.containsKey("thresholds")) {
                List<String> phaseNames = phases.stream().map(Scenario.Phase::name).toList();
                for (YamlNode t : top.get("thresholds").items()) {
                    Scenario.Threshold threshold = threshold(t, phaseNames);
                    if (threshold != null) {
                        thresholds.add(threshold);
                    }
                }
            }
            Path outputDir = Path.of("fleetstorm-results");
            int metricsPort = -1;
            if (top.containsKey("outputs")) {
                Map<String, YamlNode> out = top.get("outputs").entries(List.of("dir", "metricsPort"));
                if (out.containsKey("dir")) {
                    outputDir = Path.of(out.get("dir").text());
                }
                metricsPort = integer(out, "metricsPort", -1, 65_535, -1);
            }
            return new Scenario(name == null ? "scenario" : name, file, target, List.copyOf(groups),
                    List.copyOf(phases), List.copyOf(thresholds), outputDir, metricsPort,
                    bool(top, "acceptSaturation", false));
        }

        private Scenario.Target target(YamlNode node) {
            if (node == null) {
                return new Scenario.Target(true, "127.0.0.1", 0, false, null, false, null, List.of());
            }
            Map<String, YamlNode> t = node.entries(TARGET);
            String host = string(t, "host", node, null);
            boolean tls = bool(t, "tls", false);
            int port = integer(t, "port", 1, 65_535, tls ? 8883 : 1883);
            String ca = t.containsKey("ca") ? t.get("ca").text() : null;
            String api = t.containsKey("api") ? t.get("api").text() : null;
            if (api != null && !api.matches("https?://[^/\\s]+(/.*)?")) {
                problems.add(t.get("api"), "must be an http:// or https:// URL", api);
            }
            List<String> sources = new ArrayList<>();
            if (t.containsKey("sourceAddresses")) {
                for (YamlNode s : t.get("sourceAddresses").items()) {
                    if (s.text() == null || !s.text().matches("[0-9a-fA-F.:]+")) {
                        problems.add(s, "must be a local IP address", s.text());
                    } else {
                        sources.add(s.text());
                    }
                }
            }
            return new Scenario.Target(false, host, port, tls, ca == null ? null : resolve(ca),
                    bool(t, "insecure", false), api, List.copyOf(sources));
        }

        private Scenario.Group group(YamlNode node, List<Scenario.Group> earlier) {
            Map<String, YamlNode> g = node.entries(GROUP);
            String name = string(g, "name", node, null);
            if (name != null && !name.matches("[A-Za-z0-9_-]{1,32}")) {
                problems.add(g.get("name"), "must match [A-Za-z0-9_-]{1,32}", name);
            }
            if (name != null && earlier.stream().anyMatch(e -> e.name().equals(name))) {
                problems.add(g.get("name"), "must be unique; another group is already named so", name);
            }
            String productId = string(g, "productId", node, null);
            if (productId != null && !DeviceId.isValidProductId(productId)) {
                problems.add(g.get("productId"), "must match [A-Za-z0-9]{1,32}", productId);
            }
            int count = integer(g, "count", 1, 10_000_000, -1);
            if (!g.containsKey("count")) {
                problems.add(node, "count is required", null);
            }
            String pattern = g.containsKey("namePattern") ? g.get("namePattern").text() : "device-{index:05}";
            if (!NamePattern.isValid(pattern)) {
                problems.add(g.get("namePattern"), "must contain {index} or {index:0N}", pattern);
                pattern = null;
            }
            int offset = integer(g, "indexOffset", 0, Integer.MAX_VALUE - 10_000_000, 0);
            String auth = choice(g, "auth", List.of("key", "certificate"), "key");
            String signMethod = choice(g, "signMethod", List.of("hmacsha256", "hmacsha1"), "hmacsha256");
            String sdk = choice(g, "sdk", List.of("c-sdk", "java-sdk"), "c-sdk");
            int keepAlive = integer(g, "keepAlive", 0, 900, "java-sdk".equals(sdk) ? 60 : 240);
            boolean clean = bool(g, "cleanSession", true);
            Map<String, String> credentials = credentials(g.get("credentials"), node, "certificate".equals(auth));
            if (pattern != null && count > 0) {
                for (int i : new int[] {0, count - 1}) {
                    String deviceName = NamePattern.format(pattern, i + offset);
                    if (!DeviceId.isValidDeviceName(deviceName)) {
                        problems.add(g.get("namePattern") != null ? g.get("namePattern") : node,
                                "must give device names matching [A-Za-z0-9:_-]{1,48}", deviceName);
                        break;
                    }
                }
            }
            if (name == null || productId == null || count < 1 || pattern == null) {
                return null;
            }
            return new Scenario.Group(name, productId, count, pattern, offset, "certificate".equals(auth), signMethod,
                    credentials, sdk, keepAlive, clean);
        }

        private Map<String, String> credentials(YamlNode node, YamlNode group, boolean certificate) {
            Map<String, String> out = new LinkedHashMap<>();
            if (node == null) {
                problems.add(group, "credentials is required (productSecret, csv or certDir)", null);
                return out;
            }
            Map<String, YamlNode> c = node.entries(List.of("productSecret", "csv", "certDir"));
            c.forEach((k, v) -> out.put(k, k.equals("productSecret") ? v.text() : resolve(v.text()).toString()));
            if (out.size() != 1) {
                problems.add(node, "must give exactly one of productSecret, csv or certDir", null);
            } else if (certificate && !out.containsKey("certDir")) {
                problems.add(node, "must give certDir for auth: certificate", null);
            } else if (!certificate && out.containsKey("certDir")) {
                problems.add(node, "certDir needs auth: certificate", null);
            }
            return out;
        }

        private Scenario.Phase phase(YamlNode node, List<String> groups) {
            Map<String, YamlNode> p = node.entries(null);
            String name = string(p, "name", node, "phase");
            Duration duration = Duration.ZERO;
            YamlNode d = p.get("duration");
            if (d == null) {
                problems.add(node, "duration is required", null);
            } else {
                Duration parsed = Units.duration(d.text());
                if (parsed == null || parsed.isZero()) {
                    problems.add(d, "must be a duration > 0 such as 30s, 5m or 500ms", d.text());
                } else {
                    duration = parsed;
                }
            }
            Map<String, List<Behaviour>> behaviours = new LinkedHashMap<>();
            for (Map.Entry<String, YamlNode> e : p.entrySet()) {
                if (e.getKey().equals("name") || e.getKey().equals("duration")) {
                    continue;
                }
                if (!groups.contains(e.getKey())) {
                    problems.add(e.getValue(), "is not a group of this scenario (groups: "
                            + String.join(", ", groups) + ")", null);
                    continue;
                }
                behaviours.put(e.getKey(), Behaviours.read(e.getValue(), problems));
            }
            return new Scenario.Phase(name, duration, behaviours);
        }

        // ---- scalar helpers: each reports its own problem ----

        private String string(Map<String, YamlNode> m, String key, YamlNode parent, String fallback) {
            YamlNode n = m.get(key);
            if (n == null) {
                if (fallback == null) {
                    problems.add(parent, key + " is required", null);
                }
                return fallback;
            }
            if (n.text() == null || n.text().isBlank()) {
                problems.add(n, "must be a non-empty text", null);
                return fallback;
            }
            return n.text();
        }

        private int integer(Map<String, YamlNode> m, String key, int min, int max, int fallback) {
            YamlNode n = m.get(key);
            if (n == null) {
                return fallback;
            }
            double v = Units.number(n.text());
            if (Double.isNaN(v) || v != Math.rint(v) || v < min || v > max) {
                problems.add(n, "must be a whole number in " + min + ".." + max, n.text());
                return fallback;
            }
            return (int) v;
        }

        /** A threshold: an expression, or {@code {expr: ..., phase: NAME, abortOnFail: true}}. */
        private Scenario.Threshold threshold(YamlNode t, List<String> phaseNames) {
            YamlNode exprNode = t;
            String phase = null;
            boolean abort = false;
            if (t.isMap()) {
                Map<String, YamlNode> m = t.entries(THRESHOLD_FIELDS);
                exprNode = m.get("expr");
                if (exprNode == null) {
                    problems.add(t, "needs expr (e.g. expr: publish-ack.p99 < 200ms)", null);
                    return null;
                }
                if (m.containsKey("phase")) {
                    phase = m.get("phase").text();
                    if (!phaseNames.contains(phase)) {
                        problems.add(m.get("phase"), "must name a phase (" + String.join(", ", phaseNames) + ")",
                                phase);
                        return null;
                    }
                }
                abort = bool(m, "abortOnFail", false);
            }
            String text = exprNode.text();
            if (text == null || !THRESHOLD.matcher(text.strip()).matches()) {
                problems.add(exprNode, "must be METRIC.AGGREGATE OP VALUE (e.g. publish-ack.p99 < 200ms)", text);
                return null;
            }
            return new Scenario.Threshold(text.strip(), phase, abort, problems.file + ":" + exprNode.line() + ": "
                    + exprNode.path);
        }

        private boolean bool(Map<String, YamlNode> m, String key, boolean fallback) {
            YamlNode n = m.get(key);
            if (n == null) {
                return fallback;
            }
            if (!"true".equals(n.text()) && !"false".equals(n.text())) {
                problems.add(n, "must be true or false", n.text());
                return fallback;
            }
            return Boolean.parseBoolean(n.text());
        }

        private String choice(Map<String, YamlNode> m, String key, List<String> allowed, String fallback) {
            YamlNode n = m.get(key);
            if (n == null) {
                return fallback;
            }
            if (!allowed.contains(n.text())) {
                problems.add(n, "must be one of " + String.join(", ", allowed), n.text());
                return fallback;
            }
            return n.text();
        }

        private Path resolve(String relative) {
            Path p = Path.of(relative == null ? "" : relative);
            Path dir = file.toAbsolutePath().getParent();
            return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
        }
    }
}
