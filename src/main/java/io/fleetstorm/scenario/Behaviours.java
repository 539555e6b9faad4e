package io.fleetstorm.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a group's behaviours in one phase; each behaviour owns its YAML name, defaults and checks. */
final class Behaviours {

    private Behaviours() {
    }

    static List<Behaviour> read(YamlNode node, YamlNode.Problems problems) {
        List<Behaviour> out = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : node.entries(ScenarioLoader.BEHAVIOURS).entrySet()) {
            YamlNode b = e.getValue();
            Behaviour read = switch (e.getKey()) {
                case "connect" -> new Behaviour.Connect(rate(b.isScalar() ? b : field(b, "rate", true,
                        List.of("rate")), problems));
                case "idle" -> new Behaviour.Idle();
                case "telemetry" -> telemetry(b, problems);
                case "echo" -> echo(b, problems);
                case "downlink" -> downlink(b, problems);
                case "shadow" -> shadow(b, problems);
                case "ota" -> ota(b, problems);
                default -> reconnect(b, problems);
            };
            out.add(read);
        }
        return List.copyOf(out);
    }

    private static final List<String> PUBLISH = List.of("rate", "qos", "topic", "payload", "size");

    private static Behaviour telemetry(YamlNode b, YamlNode.Problems problems) {
        Map<String, YamlNode> m = b.entries(PUBLISH);
        String topic = m.containsKey("topic") ? m.get("topic").text() : "event";
        if (topic == null || !(topic.equals("event") || topic.equals("data") || topic.matches("custom:[A-Za-z0-9_-]+"))) {
            problems.add(m.get("topic"), "must be event, data or custom:NAME", topic);
            topic = "event";
        }
        return new Behaviour.Telemetry(rate(required(b, m, "rate", problems), problems), qos(m, 0, problems), topic,
                payload(m, problems));
    }

    private static Behaviour echo(YamlNode b, YamlNode.Problems problems) {
        Map<String, YamlNode> m = b.entries(List.of("rate", "qos", "payload", "size"));
        return new Behaviour.Echo(rate(required(b, m, "rate", problems), problems), qos(m, 1, problems),
                payload(m, problems));
    }

    private static Behaviour downlink(YamlNode b, YamlNode.Problems problems) {
        Map<String, YamlNode> m = b.entries(List.of("rate", "qos", "payload", "size"));
        return new Behaviour.Downlink(rate(required(b, m, "rate", problems), problems), qos(m, 1, problems),
                payload(m, problems));
    }

    private static Behaviour shadow(YamlNode b, YamlNode.Problems problems) {
        Map<String, YamlNode> m = b.entries(List.of("report", "get", "desired"));
        if (m.isEmpty()) {
            problems.add(b, "needs at least one of report, get, desired", null);
        }
        return new Behaviour.Shadow(m.containsKey("report") ? rate(m.get("report"), problems) : null,
                m.containsKey("get") ? rate(m.get("get"), problems) : null,
                m.containsKey("desired") ? rate(m.get("desired"), problems) : null);
    }

    private static Behaviour ota(YamlNode b, YamlNode.Problems problems) {
        Map<String, YamlNode> m = b.entries(List.of("fraction", "version", "size", "createTask", "downloadRate",
                "burn", "fail"));
        double fraction = share(required(b, m, "fraction", problems), problems, 0.0001);
        YamlNode v = required(b, m, "version", problems);
        String version = v == null || v.text() == null ? "2.0.0" : v.text();
        long size = m.containsKey("size") ? size(m.get("size"), problems) : 256 * 1024;
        boolean createTask = !m.containsKey("createTask") || !"false".equals(m.get("createTask").text());
        long downloadRate = 0;
        if (m.containsKey("downloadRate")) {
            String text = m.get("downloadRate").text();
            downloadRate = text != null && text.endsWith("/s") ? Units.size(text.substring(0, text.length() - 2)) : -1;
            if (downloadRate < 0) {
                problems.add(m.get("downloadRate"), "must be a size per second such as 100KB/s", text);
                downloadRate = 0;
            }
        }
        Duration burn = m.containsKey("burn") ? duration(m.get("burn"), problems) : Duration.ofSeconds(2);
        double fail = m.containsKey("fail") ? share(m.get("fail"), problems, 0) : 0;
        return new Behaviour.Ota(fraction, version, size, createTask, downloadRate, burn, fail);
    }

    private static Behaviour reconnect(YamlNode b, YamlNode.Problems problems) {
        Map<String, YamlNode> m = b.entries(List.of("fraction", "mode", "recovery", "rate"));
        double fraction = share(required(b, m, "fraction", problems), problems, 0.0001);
        String mode = m.containsKey("mode") ? m.get("mode").text() : "abrupt";
        if (!"abrupt".equals(mode) && !"clean".equals(mode)) {
            problems.add(m.get("mode"), "must be abrupt or clean", mode);
        }
        double recovery = m.containsKey("recovery") ? share(m.get("recovery"), problems, 0.0001) : 0.95;
        Rate rate = m.containsKey("rate") ? rate(m.get("rate"), problems) : null;
        return new Behaviour.Reconnect(fraction, !"clean".equals(mode), recovery, rate);
    }

    // ---- fields ----

    private static YamlNode field(YamlNode b, String key, boolean required, List<String> allowed) {
        return b.entries(allowed).get(key);
    }

    private static YamlNode required(YamlNode parent, Map<String, YamlNode> m, String key, YamlNode.Problems problems) {
        YamlNode n = m.get(key);
        if (n == null) {
            problems.add(parent, key + " is required", null);
        }
        return n;
    }

    static Rate rate(YamlNode n, YamlNode.Problems problems) {
        if (n == null) {
            return new Rate(1, 1, false, false);
        }
        Rate r = Rate.parse(n.text());
        if (r == null) {
            problems.add(n, "must be a rate such as 100/s, 1/s per device, 2/min or 10/s -> 100/s", n.text());
            return new Rate(1, 1, false, false);
        }
        if (!(r.from() > 0) && !(r.to() > 0)) {
            problems.add(n, "must be > 0", n.text());
            return new Rate(1, 1, false, false);
        }
        return r;
    }

    private static int qos(Map<String, YamlNode> m, int fallback, YamlNode.Problems problems) {
        YamlNode n = m.get("qos");
        if (n == null) {
            return fallback;
        }
        if (!"0".equals(n.text()) && !"1".equals(n.text())) {
            problems.add(n, "must be 0 or 1 (the hub closes connections that publish with QoS 2)", n.text());
            return fallback;
        }
        return Integer.parseInt(n.text());
    }

    private static Payload payload(Map<String, YamlNode> m, YamlNode.Problems problems) {
        if (m.containsKey("payload") && m.containsKey("size")) {
            problems.add(m.get("size"), "cannot be given together with payload", null);
        }
        if (m.containsKey("size")) {
            long size = size(m.get("size"), problems);
            return Payload.ofSize((int) Math.max(0, size));
        }
        String template = m.containsKey("payload") ? m.get("payload").text()
                : "{\"seq\":{seq},\"ts\":{timestamp}}";
        Object compiled = Payload.compile(template == null ? "" : template);
        if (compiled instanceof String error) {
            problems.add(m.get("payload"), error, null);
            return Payload.ofSize(0);
        }
        return (Payload) compiled;
    }

    private static long size(YamlNode n, YamlNode.Problems problems) {
        long size = Units.size(n.text());
        if (size < 0 || size > 16 * 1024 * 1024) {
            problems.add(n, "must be a size such as 512B, 16KB or 1MB (at most 16MB)", n.text());
            return 0;
        }
        return size;
    }

    private static double share(YamlNode n, YamlNode.Problems problems, double min) {
        if (n == null) {
            return min;
        }
        double v = Units.share(n.text());
        if (Double.isNaN(v) || v < min || v > 1) {
            problems.add(n, "must be a share between " + (min > 0 ? "0% (exclusive)" : "0%") + " and 100%", n.text());
            return Math.max(min, 0.0001);
        }
        return v;
    }

    private static Duration duration(YamlNode n, YamlNode.Problems problems) {
        Duration d = Units.duration(n.text());
        if (d == null) {
            problems.add(n, "must be a duration such as 2s or 500ms", n.text());
            return Duration.ZERO;
        }
        return d;
    }
}
