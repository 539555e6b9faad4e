package io.fleetstorm.scenario;

import static io.fleetstorm.scenario.SchemaTypes.bool;
import static io.fleetstorm.scenario.SchemaTypes.choice;
import static io.fleetstorm.scenario.SchemaTypes.duration;
import static io.fleetstorm.scenario.SchemaTypes.integer;
import static io.fleetstorm.scenario.SchemaTypes.list;
import static io.fleetstorm.scenario.SchemaTypes.name;
import static io.fleetstorm.scenario.SchemaTypes.object;
import static io.fleetstorm.scenario.SchemaTypes.pattern;
import static io.fleetstorm.scenario.SchemaTypes.text;

import io.fleetstorm.scenario.behaviour.BehaviourSchemas;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema of scenario files (draft-07, what editors' YAML language servers read), generated from the
 * definitions the loader validates with: every mapping's fields are the reader's own list ({@link ScenarioLoader#TOP},
 * {@link ScenarioReader#TARGET}, {@link GroupReader#FIELDS}, each behaviour's {@code FIELDS}, the {@code hub:}
 * section's), every enum the reader's choices ({@link Sdk#yamlNames()}, the hub's operations), every range the
 * reader's limits. It is shipped as {@code schema/scenario.schema.json} ({@code fleetstorm schema} writes it) and a
 * test keeps the file equal to what this generates. The schema checks shapes an editor can check; what needs the
 * whole file or the disk (a group named in a phase, a CSV that exists) stays {@code validate}'s.
 */
public final class ScenarioSchema {

    /** Where the schema is shipped, relative to the repository (and the image's working directory). */
    public static final String PATH = "schema/scenario.schema.json";
    private static final String NAME = "^[A-Za-z0-9_.-]{1,64}$";

    private ScenarioSchema() {
    }

    /** The schema document. */
    public static JsonObject generate() {
        JsonObject top = new JsonObject();
        for (String key : ScenarioLoader.TOP) {
            top.put(key, topField(key));
        }
        JsonObject body = object("A fleetstorm scenario: who connects, what they do phase by phase, and how the run "
                + "is judged (docs/scenarios.md).", top, List.of("name", "groups", "phases"));
        return new JsonObject().put("$schema", "http://json-schema.org/draft-07/schema#")
                .put("$id", "urn:fleetstorm:scenario").put("title", "fleetstorm scenario").mergeIn(body);
    }

    private static JsonObject topField(String key) {
        return switch (key) {
            case "name" -> name(NAME, "the scenario's name; it names the run and its metrics");
            case "target" -> target();
            case "groups" -> list(group(), 1, ScenarioReader.MAX_GROUPS, "device groups");
            case "phases" -> list(phase(), 1, ScenarioReader.MAX_PHASES, "the timeline, back to back");
            case "thresholds" -> list(threshold(), 0, ThresholdReader.MAX_THRESHOLDS, "what the run is judged by, "
                    + "e.g. publish-ack.p99 < 200ms");
            case "outputs" -> object("where results go", fields(ScenarioReader.OUTPUTS, Map.of(
                    "dir", text("the result directory (default fleetstorm-results)"),
                    "metricsPort", integer(-1, 65_535, "the Prometheus port; 0 = any free one, -1 = off"))),
                    List.of());
            case "acceptSaturation" -> bool("a generator that fell behind does not make the run invalid");
            case "agents" -> integer(1, ScenarioReader.MAX_AGENTS, "the generator processes the scenario is meant "
                    + "for (run --agents N)");
            case "hub" -> hub();
            case "regressions" -> list(pattern("^\\s*[a-z][a-z0-9-]*\\.[a-z0-9]+(\\{[^}]*\\})?\\s+[+-].+$",
                    "a regression rule, e.g. publish-ack.p99 +10% or errors.rate +0.1pp"),
                    0, ScenarioReader.MAX_REGRESSIONS, "the rules fleetstorm compare --scenario judges two runs by");
            default -> throw new IllegalStateException("no schema for top-level field '" + key + "': add it to "
                    + "ScenarioSchema");
        };
    }

    private static JsonObject target() {
        return object("the hub to load; without it, fleetstorm starts its embedded hub", fields(ScenarioReader.TARGET,
                Map.of("host", pattern("^[A-Za-z0-9.:_\\[\\]-]{1,253}$", "a host name or IP address"),
                        "port", integer(1, 65_535, "the MQTT port (default 1883, 8883 with tls)"),
                        "tls", bool("connect over TLS"),
                        "ca", text("a PEM file of the CA to trust (needs tls: true)"),
                        "insecure", bool("trust any server certificate"),
                        "api", pattern("^https?://[^/\\s]+(/\\S*)?$", "the hub's API URL"),
                        "apiCredentials", text("a file of the API key pair (SecretId, SecretKey, optional token); "
                                + "else TENCENTCLOUD_SECRET_ID/KEY"),
                        "sourceAddresses", list(pattern("^[0-9a-fA-F.:]{2,45}$", "a local IP address"), 0,
                                1_000, "local addresses to connect from"))), List.of("host"));
    }

    private static JsonObject group() {
        JsonObject timeouts = new JsonObject();
        Timeouts.FIELDS.forEach(f -> timeouts.put(f, duration("how long devices wait for " + f)));
        return object("a device group", fields(GroupReader.FIELDS, Map.ofEntries(
                Map.entry("name", name("^[A-Za-z0-9_-]{1,32}$", "the group's name (metrics, thresholds)")),
                Map.entry("productId", name("^[A-Za-z0-9]{1,32}$", "the product the devices belong to")),
                Map.entry("count", integer(1, GroupReader.MAX_COUNT, "devices in the group")),
                Map.entry("namePattern", pattern("\\{index(:0[0-9])?\\}", "device names: {index} or {index:05}")),
                Map.entry("indexOffset", integer(0, Integer.MAX_VALUE - GroupReader.MAX_COUNT,
                        "added to every index")),
                Map.entry("auth", choice(List.of("key", "certificate"), "how devices authenticate")),
                Map.entry("signMethod", choice(List.of("hmacsha256", "hmacsha1"), "the HMAC devices sign with")),
                Map.entry("credentials", object("the devices' secrets", fields(CredentialsReader.FIELDS, Map.of(
                        "productSecret", text("the product secret PSKs are derived from"),
                        "csv", text("a CSV of device names and PSKs, as the console exports it"),
                        "certDir", text("a directory of NAME.pem and NAME.key per device"),
                        "register", object("credentials obtained by dynamic registration", fields(
                                CredentialsReader.REGISTER, Map.of(
                                        "productSecret", text("the product secret the registration is signed with"),
                                        "url", pattern("^https?://[^/\\s]+/\\S*$", "the registration URL"),
                                        "csv", text("a CSV the registered PSKs are written to"))),
                                List.of("productSecret")))), List.of())),
                Map.entry("sdk", choice(Sdk.yamlNames(), "the SDK whose habits the devices copy")),
                Map.entry("keepAlive", integer(0, 900, "MQTT keepalive seconds")),
                Map.entry("cleanSession", bool("MQTT clean session")),
                Map.entry("timeouts", object("how long devices wait for each kind of answer", timeouts, List.of())),
                Map.entry("gateway", name("^[A-Za-z0-9_-]{1,32}$", "the gateway group these sub-devices sit behind")))),
                List.of("name", "productId", "count"));
    }

    private static JsonObject phase() {
        return object("a phase: its length, and what each group does in it (group name: behaviours)",
                new JsonObject().put("name", name(NAME, "the phase's name"))
                        .put("duration", duration("the phase's length")), List.of("duration"))
                .put("additionalProperties", BehaviourSchemas.phaseEntry());
    }

    private static JsonObject threshold() {
        JsonObject expression = pattern("^\\s*[a-z][a-z0-9.-]*\\.[a-z0-9-]+\\s*(\\{[^}]*\\})?\\s*[<>=!]{1,3}\\s*\\S+"
                + "\\s*$", "METRIC.AGGREGATE OP VALUE, e.g. publish-ack.p99 < 200ms or errors.rate < 1%");
        return new JsonObject().put("description", "a threshold: an expression, or {expr, phase, abortOnFail}")
                .put("anyOf", new JsonArray().add(expression).add(object("a threshold with options",
                        fields(ThresholdReader.FIELDS, Map.of("expr", expression,
                                "phase", pattern(NAME, "the phase it applies to"),
                                "abortOnFail", bool("stop the run as soon as it fails"))), List.of("expr"))));
    }

    private static JsonObject hub() {
        JsonObject operations = new JsonObject().put("enum", new JsonArray(HubSectionReader.OPERATIONS));
        JsonObject perOperation = new JsonObject().put("type", "object").put("propertyNames", operations)
                .put("additionalProperties", text("the operation's value"));
        return object("faults the embedded hub injects (docs/hub-faults.md); not with a target",
                fields(HubSectionReader.FIELDS, Map.of(
                        "limits", perOperation.copy().put("description", "throughput caps that queue, e.g. "
                                + "publish: 2000/s, connect: 300/s@10s-40s"),
                        "delays", perOperation.copy().put("description", "added latency, e.g. puback: 3ms, "
                                + "puback: lognormal:2ms:20ms (median:p99)"),
                        "refuse", perOperation.copy().put("description", "refusal ratios, e.g. connect: 10%, "
                                + "api: 5%:InternalError"),
                        "disconnects", text("random disconnects, e.g. 2/s@60s-120s"),
                        "stalls", text("stop reading for a while, periodically, e.g. 500ms/30s"),
                        "window", text("the window of every fault without its own @window, e.g. 10s-40s"),
                        "queue", integer(1, 10_000_000, "operations each limit may hold waiting"))), List.of());
    }

    /** Properties for exactly the reader's {@code fields}, each with its schema. */
    private static JsonObject fields(List<String> fields, Map<String, JsonObject> types) {
        JsonObject properties = new JsonObject();
        for (String f : fields) {
            JsonObject type = types.get(f);
            if (type == null) {
                throw new IllegalStateException("no schema for field " + f + ": add it to ScenarioSchema");
            }
            properties.put(f, type);
        }
        return properties;
    }
}
