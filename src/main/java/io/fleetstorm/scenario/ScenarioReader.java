package io.fleetstorm.scenario;

import io.fleetstorm.hub.HubFaults;
import io.fleetstorm.scenario.behaviour.Behaviour;
import io.fleetstorm.scenario.behaviour.Behaviours;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Walks one scenario file's tree into a {@link Scenario}, reporting every problem on the way. */
final class ScenarioReader {

    static final List<String> TARGET = List.of("host", "port", "tls", "ca", "insecure", "api", "sourceAddresses",
            "apiCredentials");
    static final List<String> OUTPUTS = List.of("dir", "metricsPort");
    /** The most agents a scenario may ask for. */
    static final int MAX_AGENTS = 1_000;
    /** The most phases and groups: beyond them a file is generated wrongly, not written. */
    static final int MAX_PHASES = 1_000;
    static final int MAX_GROUPS = 1_000;
    /** The most devices of one scenario, all groups together (about 2,000 times the measured 51k cluster run). */
    static final int MAX_DEVICES = 100_000_000;
    /** The most regression rules of one scenario. */
    static final int MAX_REGRESSIONS = 1_000;

    private final YamlNode root;
    private final Path file;
    private final ScenarioLoader.ThresholdGrammar grammar;
    private final ScenarioPaths paths;
    private final Set<String> phaseNames = new HashSet<>();
    /** What each group's kind allows (sub-devices, registering devices), checked phase by phase. */
    private GatewayGroups.Phases kinds;
    /** Credentials files are named, not read ({@link ScenarioLoader#loadForProvisioning}). */
    private boolean credentialsUnloaded;

    ScenarioReader(YamlNode root, Path file, ScenarioLoader.ThresholdGrammar grammar) {
        this.root = root;
        this.file = file;
        this.grammar = grammar;
        this.paths = new ScenarioPaths(file);
    }

    /** Names the groups' csv and certDir without reading them (provisioning writes them). */
    ScenarioReader credentialsUnloaded() {
        this.credentialsUnloaded = true;
        return this;
    }

    Scenario scenario() {
        Map<String, YamlNode> top = root.entries(ScenarioLoader.TOP);
        String name = Fields.text(Fields.required(root, top, "name"), "scenario");
        if (top.containsKey("name") && !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            top.get("name").problem("must match [A-Za-z0-9_.-]{1,64} (it names the run and its metrics)", name);
        }
        Scenario.Target target = target(top.get("target"));
        List<String> declared = new ArrayList<>();
        List<Scenario.Group> groups = groups(top.get("groups"), declared);
        List<Scenario.Phase> phases = phases(top.get("phases"), declared, groups);
        List<Scenario.Threshold> thresholds = new ThresholdReader(problemsFile(), grammar, declared, phases)
                .read(top.get("thresholds"));
        Path outputDir = Path.of("fleetstorm-results");
        int metricsPort = -1;
        if (top.containsKey("outputs")) {
            Map<String, YamlNode> out = top.get("outputs").entries(OUTPUTS);
            String dir = Fields.text(out.get("dir"), null);
            if (dir != null) {
                Path resolved = paths.resolve(out.get("dir"), dir);
                outputDir = resolved == null ? outputDir : Path.of(dir);
            }
            metricsPort = Fields.integer(out.get("metricsPort"), -1, 65_535, -1);
        }
        int agents = Fields.integer(top.get("agents"), 1, MAX_AGENTS, 1);
        for (Scenario.Group g : groups) {
            if (g.count() < agents) {
                top.get("agents").problem("must be at most the smallest group's count (group " + g.name() + " has "
                        + g.count() + " device(s)): every agent needs a device of every group", top.get("agents")
                        .text());
                break;
            }
        }
        HubFaults hub = HubSectionReader.read(top.get("hub"), top.containsKey("target"));
        List<Scenario.Regression> regressions = regressions(top.get("regressions"));
        return new Scenario(name, file, target, List.copyOf(groups), List.copyOf(phases), thresholds, outputDir,
                metricsPort, Fields.bool(top.get("acceptSaturation"), false), agents, hub, regressions);
    }

    /** The regression rules, as written: a list of texts (their grammar is checked by the comparison's parser). */
    private List<Scenario.Regression> regressions(YamlNode node) {
        List<Scenario.Regression> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        List<YamlNode> items = node.items();
        if (items.size() > MAX_REGRESSIONS) {
            node.problem("must list at most " + MAX_REGRESSIONS + " rules, but lists " + items.size(), null);
            return out;
        }
        for (YamlNode item : items) {
            String text = Fields.text(item, null);
            if (text != null) {
                out.add(new Scenario.Regression(text, problemsFile() + ":" + item.line() + ": " + item.path()));
            }
        }
        return List.copyOf(out);
    }

    private String problemsFile() {
        return root.problems().file();
    }

    private Scenario.Target target(YamlNode node) {
        if (node == null) {
            return new Scenario.Target(true, "127.0.0.1", 0, false, null, false, null, List.of());
        }
        Map<String, YamlNode> t = node.entries(TARGET);
        String host = Fields.text(Fields.required(node, t, "host"), "127.0.0.1");
        if (!host.replace(Scenario.Target.PRODUCT_ID, "PRODUCTID").matches("[A-Za-z0-9.:_\\[\\]-]{1,253}")) {
            t.get("host").problem("must be a host name or IP address (" + Scenario.Target.PRODUCT_ID
                    + " stands for each group's product id)", host);
        }
        boolean tls = Fields.bool(t.get("tls"), false);
        int port = Fields.integer(t.get("port"), 1, 65_535, tls ? 8883 : 1883);
        Path ca = null;
        String caText = Fields.text(t.get("ca"), null);
        if (caText != null) {
            ca = paths.resolve(t.get("ca"), caText);
            if (ca != null) {
                try {
                    PemCheck.certificates(ca);
                } catch (PemCheck.Invalid e) {
                    t.get("ca").problem("cannot be used: " + e.getMessage(), null);
                }
            }
            if (!tls) {
                t.get("ca").problem("needs tls: true", null);
            }
        }
        if (tls && caText == null && !Fields.bool(t.get("insecure"), false)) {
            node.problem("needs ca with tls: true: the CA certificate (PEM) that signed the hub's certificate "
                    + "(for the cloud, the CA its device SDKs ship; see docs/cloud.md), or insecure: true to skip "
                    + "the check", null);
        }
        String api = Fields.text(t.get("api"), null);
        if (api != null && !api.matches("https?://[^/\\s]+(/\\S*)?")) {
            t.get("api").problem("must be an http:// or https:// URL", api);
            api = null;
        }
        List<String> sources = new ArrayList<>();
        if (t.containsKey("sourceAddresses")) {
            for (YamlNode s : t.get("sourceAddresses").items()) {
                String address = Fields.text(s, null);
                if (address != null && !address.matches("[0-9a-fA-F.:]{2,45}")) {
                    s.problem("must be a local IP address", address);
                } else if (address != null) {
                    sources.add(address);
                }
            }
        }
        Path apiCredentials = apiCredentials(t.get("apiCredentials"), api);
        return new Scenario.Target(false, host, port, tls, ca, Fields.bool(t.get("insecure"), false), api,
                List.copyOf(sources), apiCredentials);
    }

    /** The API's credentials file: it must exist and be readable now; its content is checked when a run loads it. */
    private Path apiCredentials(YamlNode node, String api) {
        String text = Fields.text(node, null);
        if (text == null) {
            return null;
        }
        Path file = paths.resolve(node, text);
        if (file == null) {
            return null;
        }
        if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file)) {
            node.problem("must be a readable credentials file, but " + Text.printable(file.toString())
                    + (java.nio.file.Files.exists(file) ? " is not a readable file" : " does not exist"), null);
            return null;
        }
        if (api == null) {
            node.problem("needs api (the API endpoint the credentials sign for)", null);
        }
        return file;
    }

    private List<Scenario.Group> groups(YamlNode list, List<String> declared) {
        List<Scenario.Group> groups = new ArrayList<>();
        if (list == null) {
            root.problem("groups is required", null);
            return groups;
        }
        List<YamlNode> items = list.items();
        if (items.isEmpty() && list.isList()) {
            list.problem("must list at least one group", null);
        }
        if (items.size() > MAX_GROUPS) {
            list.problem("must list at most " + MAX_GROUPS + " groups, but lists " + items.size(), null);
            return groups;
        }
        GroupReader reader = new GroupReader(new CredentialsReader(paths, credentialsUnloaded));
        long devices = 0;
        for (YamlNode g : items) {
            Scenario.Group group = reader.read(g, declared);
            if (group != null) {
                groups.add(group);
                devices += group.count();
            }
        }
        GatewayGroups.check(groups, reader.gatewayFields);
        if (devices > MAX_DEVICES) {
            list.problem("hold " + devices + " devices in total, more than " + MAX_DEVICES + " for one scenario",
                    null);
        }
        return groups;
    }

    private List<Scenario.Phase> phases(YamlNode list, List<String> groups, List<Scenario.Group> read) {
        List<Scenario.Phase> phases = new ArrayList<>();
        if (list == null) {
            root.problem("phases is required", null);
            return phases;
        }
        List<YamlNode> items = list.items();
        if (items.isEmpty() && list.isList()) {
            list.problem("must list at least one phase", null);
        }
        if (items.size() > MAX_PHASES) {
            list.problem("must list at most " + MAX_PHASES + " phases, but lists " + items.size(), null);
            return phases;
        }
        Map<String, Integer> counts = new HashMap<>();
        read.forEach(g -> counts.put(g.name(), g.count()));
        Set<String> names = new HashSet<>(groups);
        kinds = new GatewayGroups.Phases(read);
        for (YamlNode p : items) {
            Scenario.Phase phase = phase(p, names, groups, counts, phases);
            kinds.phaseDone(phase);
            phases.add(phase);
        }
        return phases;
    }

    private Scenario.Phase phase(YamlNode node, Set<String> names, List<String> groups, Map<String, Integer> counts,
            List<Scenario.Phase> earlier) {
        Map<String, YamlNode> p = node.entries(null);
        String name = Fields.text(p.get("name"), "phase-" + (earlier.size() + 1));
        if (p.containsKey("name") && !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            p.get("name").problem("must match [A-Za-z0-9_.-]{1,64}", name);
        } else if (!phaseNames.add(name)) {
            (p.containsKey("name") ? p.get("name") : node).problem("must be unique; another phase is already named "
                    + "so", name);
        }
        YamlNode d = Fields.required(node, p, "duration");
        Duration duration = Fields.duration(d, Duration.ofMillis(1), Fields.MAX_PHASE, Duration.ofSeconds(1));
        Map<String, List<Behaviour>> behaviours = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : p.entrySet()) {
            if (e.getKey().equals("name") || e.getKey().equals("duration")) {
                continue;
            }
            if (!names.contains(e.getKey())) {
                String listed = groups.isEmpty() ? "none" : String.join(", ", groups);
                e.getValue().problem("is not a group of this scenario (groups: " + listed
                        + "; a phase also takes name and duration)", null);
                continue;
            }
            List<Behaviour> list = Behaviours.read(e.getValue());
            if (counts.containsKey(e.getKey())) {
                checkGroupRates(e.getValue(), list, counts.get(e.getKey()));
                kinds.check(e.getKey(), list, e.getValue());
            }
            behaviours.put(e.getKey(), list);
        }
        return new Scenario.Phase(name, duration, behaviours);
    }

    /** A per-device rate times the group's devices must stay within what one group may run. */
    private static void checkGroupRates(YamlNode at, List<Behaviour> list, int devices) {
        for (Behaviour b : list) {
            for (Behaviour.NamedRate r : b.rates()) {
                double total = r.rate().peakTotal(devices);
                if (r.rate().perDevice() && total > Rate.MAX_GROUP_PER_SECOND) {
                    at.problem(r.label() + " at " + r.rate() + " for " + devices + " devices is "
                            + Units.trim(total) + "/s, more than " + Units.trim(Rate.MAX_GROUP_PER_SECOND)
                            + "/s for one group", null);
                }
            }
        }
    }
}
