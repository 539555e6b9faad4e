package io.fleetstorm.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the thresholds with the rest of the file, so their problems come in the same pass: the shape, the selectors
 * ({@code {phase:NAME}}, {@code {group:NAME}}, {@code {last:10s}} and combinations) against the scenario's phases
 * and groups, the report's grammar through the caller's {@link ScenarioLoader.ThresholdGrammar}, and whether any
 * behaviour in the threshold's scope produces the operation it measures (else it could never get data).
 */
final class ThresholdReader {

    static final List<String> FIELDS = List.of("expr", "phase", "abortOnFail");
    /** The most thresholds one scenario may state. */
    static final int MAX_THRESHOLDS = 1_000;
    /** The longest window of {@code {last:...}}: the report keeps this much of the run's intervals to judge it. */
    static final Duration MAX_WINDOW = Duration.ofMinutes(15);

    /**
     * Every operation a behaviour can produce, with what produces it (for the message). A test keeps it equal to the
     * metrics' operation catalogue.
     */
    static final Map<String, String> PRODUCERS = producers();

    private static final Pattern SHAPE = Pattern.compile(
            "\\s*([a-z][a-z0-9.-]{0,63})\\.([a-z0-9][a-z0-9-]{0,23})\\s*(\\{[^}]{0,200}\\})?\\s*([<>=!]{1,2})\\s*"
                    + "(\\S{1,32})\\s*");
    private static final Pattern SELECTOR = Pattern.compile("\\s*([A-Za-z]+)\\s*:\\s*([^,\\s]*)\\s*");

    private final String file;
    private final ScenarioLoader.ThresholdGrammar grammar;
    private final List<String> groups;
    private final List<Scenario.Phase> phases;
    /** Operations produced by phase and group, by phase, by group and overall: a threshold looks up, never scans. */
    private final Map<String, Map<String, Set<String>>> byPhaseAndGroup = new HashMap<>();
    private final Map<String, Set<String>> byPhase = new HashMap<>();
    private final Map<String, Set<String>> byGroup = new HashMap<>();
    private final Set<String> overall = new HashSet<>();

    ThresholdReader(String file, ScenarioLoader.ThresholdGrammar grammar, List<String> groups,
            List<Scenario.Phase> phases) {
        this.file = file;
        this.grammar = grammar;
        this.groups = groups;
        this.phases = phases;
        for (Scenario.Phase p : phases) {
            p.behaviours().forEach((group, list) -> list.forEach(b -> {
                byPhaseAndGroup.computeIfAbsent(p.name(), k -> new HashMap<>())
                        .computeIfAbsent(group, k -> new HashSet<>()).addAll(b.operations());
                byPhase.computeIfAbsent(p.name(), k -> new HashSet<>()).addAll(b.operations());
                byGroup.computeIfAbsent(group, k -> new HashSet<>()).addAll(b.operations());
                overall.addAll(b.operations());
            }));
        }
    }

    private static Map<String, String> producers() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("connect", "connect or reconnect");
        m.put("subscribe", "connect or reconnect in a group with echo, downlink, shadow or ota, or online");
        m.put("publish-ack", "telemetry or echo with qos: 1");
        m.put("echo", "echo");
        m.put("downlink", "downlink");
        m.put("shadow-update", "shadow: {report: ...}");
        m.put("shadow-get", "shadow: {get: ...}");
        m.put("shadow-delta", "shadow: {desired: ...}");
        m.put("shadow-convergence", "shadow: {desired: ...}");
        m.put("ota-command", "ota");
        m.put("ota-download", "ota");
        m.put("ota-done", "ota");
        m.put("reconnect-recovery", "reconnect");
        m.put("subdevice-bind", "bind (sub-devices)");
        m.put("subdevice-online", "online (sub-devices)");
        m.put("subdevice-offline", "offline (sub-devices)");
        m.put("register", "register");
        m.put("config-get", "config: {get: ...}");
        m.put("config-push", "config: {push: ...}");
        m.put("resource-upload", "resource: {upload: ...}");
        m.put("resource-download", "resource: {download: ...}");
        m.put("api-call", "downlink, shadow: {desired: ...} or ota (application-side API calls)");
        return Map.copyOf(m);
    }

    List<Scenario.Threshold> read(YamlNode list) {
        List<Scenario.Threshold> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        List<YamlNode> items = list.items();
        if (items.size() > MAX_THRESHOLDS) {
            list.problem("must list at most " + MAX_THRESHOLDS + " thresholds, but lists " + items.size(), null);
            return out;
        }
        for (YamlNode t : items) {
            Scenario.Threshold threshold = threshold(t);
            if (threshold != null) {
                out.add(threshold);
            }
        }
        return List.copyOf(out);
    }

    /** A threshold: an expression, or {@code {expr: ..., phase: NAME, abortOnFail: true}}. */
    private Scenario.Threshold threshold(YamlNode t) {
        YamlNode exprNode = t;
        String phase = null;
        boolean abort = false;
        if (t.isMap()) {
            Map<String, YamlNode> m = t.entries(FIELDS);
            exprNode = m.get("expr");
            if (exprNode == null) {
                t.problem("needs expr (e.g. expr: publish-ack.p99 < 200ms)", null);
                return null;
            }
            String named = Fields.text(m.get("phase"), null);
            if (named != null && phases.stream().noneMatch(p -> p.name().equals(named))) {
                m.get("phase").problem("must name a phase (" + phaseNames() + ")", named);
                return null;
            }
            phase = named;
            abort = Fields.bool(m.get("abortOnFail"), false);
        }
        String text = exprNode.scalar();
        if (text == null) {
            return null;
        }
        Matcher shape = SHAPE.matcher(text);
        if (!shape.matches()) {
            exprNode.problem("must be METRIC.AGGREGATE OP VALUE (e.g. publish-ack.p99 < 200ms)", text);
            return null;
        }
        Map<String, String> selectors = selectors(exprNode, text, shape.group(3));
        if (selectors == null) {
            return null;
        }
        String selected = selectors.get("phase");
        if (phase != null && selected != null && !phase.equals(selected)) {
            exprNode.problem("names phase " + selected + " but the threshold's phase field says " + phase, text);
            return null;
        }
        String grammarProblem = grammar.problem(text.strip());
        if (grammarProblem != null) {
            exprNode.problem(Text.printable(grammarProblem), null);
            return null;
        }
        String scopePhase = phase != null ? phase : selected;
        if (!canGetData(exprNode, text.strip(), shape.group(1), scopePhase, selectors.get("group"))) {
            return null;
        }
        return new Scenario.Threshold(text.strip(), phase, abort, file + ":" + exprNode.line() + ": "
                + exprNode.path());
    }

    /** The selectors of {@code {k:v, ...}} checked against the scenario; null after a problem. */
    private Map<String, String> selectors(YamlNode at, String text, String braces) {
        Map<String, String> out = new LinkedHashMap<>();
        if (braces == null) {
            return out;
        }
        String inner = braces.substring(1, braces.length() - 1);
        for (String part : inner.split(",", -1)) {
            Matcher m = SELECTOR.matcher(part);
            if (!m.matches()) {
                at.problem("has a selector '" + Text.printable(part.strip()) + "' that is not KEY:VALUE; expected "
                        + "{phase:NAME}, {group:NAME}, {last:DURATION} or a combination such as "
                        + "{group:NAME, phase:NAME}", text);
                return null;
            }
            String key = m.group(1);
            String value = m.group(2);
            if (out.put(key, value) != null) {
                at.problem("gives the selector " + key + " twice", text);
                return null;
            }
            String problem = switch (key) {
                case "phase" -> phases.stream().anyMatch(p -> p.name().equals(value)) ? null
                        : "selects phase '" + Text.printable(value) + "', which is not a phase of this scenario ("
                        + phaseNames() + ")";
                case "group" -> groups.contains(value) ? null : "selects group '" + Text.printable(value)
                        + "', which is not a group of this scenario (" + String.join(", ", groups) + ")";
                case "last" -> window(value);
                default -> "has an unknown selector '" + Text.printable(key) + "'; expected phase:NAME, group:NAME "
                        + "or last:DURATION";
            };
            if (problem != null) {
                at.problem(problem, text);
                return null;
            }
        }
        return out;
    }

    private static String window(String value) {
        Duration d = Units.duration(value);
        if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_WINDOW) > 0) {
            return "selects a window last:" + Text.printable(value) + "; it must be a duration in 1s.."
                    + Units.format(MAX_WINDOW) + " such as last:10s";
        }
        return null;
    }

    /** Whether a behaviour in the scope measures the metric's operation; reports it when none does. */
    private boolean canGetData(YamlNode at, String text, String metric, String phase, String group) {
        String operation = metric.endsWith(".service") ? metric.substring(0, metric.length() - 8) : metric;
        String producer = PRODUCERS.get(operation);
        if (producer == null) {
            return true; // errors, generator lag, outcome counts: the report's grammar judges them
        }
        // connects happen in any phase after a drop, so they are looked for over the whole run
        boolean anyPhase = operation.equals("connect") || operation.equals("subscribe");
        String inPhase = anyPhase ? null : phase;
        Set<String> produced = inPhase == null && group == null ? overall
                : inPhase == null ? byGroup.getOrDefault(group, Set.of())
                : group == null ? byPhase.getOrDefault(inPhase, Set.of())
                : byPhaseAndGroup.getOrDefault(inPhase, Map.of()).getOrDefault(group, Set.of());
        if (produced.contains(operation)) {
            return true;
        }
        String scope = (phase == null || anyPhase ? "" : " of phase " + phase) + (group == null ? ""
                : (phase == null || anyPhase ? "" : ",") + " of group " + group);
        at.problem("can never get data: no behaviour" + scope + " produces " + operation + " (it comes from "
                + producer + ")", text);
        return false;
    }

    private String phaseNames() {
        return String.join(", ", phases.stream().map(Scenario.Phase::name).toList());
    }
}
