package io.fleetstorm.scenario.behaviour;

import static io.fleetstorm.scenario.SchemaTypes.bool;
import static io.fleetstorm.scenario.SchemaTypes.choice;
import static io.fleetstorm.scenario.SchemaTypes.duration;
import static io.fleetstorm.scenario.SchemaTypes.name;
import static io.fleetstorm.scenario.SchemaTypes.object;
import static io.fleetstorm.scenario.SchemaTypes.pattern;
import static io.fleetstorm.scenario.SchemaTypes.qos;
import static io.fleetstorm.scenario.SchemaTypes.rate;
import static io.fleetstorm.scenario.SchemaTypes.share;
import static io.fleetstorm.scenario.SchemaTypes.size;
import static io.fleetstorm.scenario.SchemaTypes.text;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema of each behaviour, built on the behaviour's own field list ({@code FIELDS}, the list its reader
 * accepts), so a field added to a reader and not here fails ScenarioSchemaTest; {@link #of} covers every key of
 * {@link Behaviours}.
 */
public final class BehaviourSchemas {

    private BehaviourSchemas() {
    }

    /** The schema of a group's behaviours in one phase: a mapping of behaviour name to its fields. */
    public static JsonObject phaseEntry() {
        JsonObject properties = new JsonObject();
        for (String key : Behaviours.keys()) {
            properties.put(key, of(key));
        }
        return object("what the group does in this phase: behaviour name to its fields", properties, List.of());
    }

    /** The schema of one behaviour, by its YAML name. */
    public static JsonObject of(String key) {
        return switch (key) {
            case Connect.KEY -> new JsonObject().put("description", "connect ramp: new connections at rate until "
                    + "every device is connected; connect: 100/s or connect: {rate: 100/s}").put("anyOf",
                    new JsonArray().add(rate("the connect rate")).add(fields(List.of("rate"), Map.of("rate",
                            rate("the connect rate")), List.of("rate"), "connect ramp")));
            case Idle.KEY -> new JsonObject().put("description", "stay connected, do nothing; idle: {}").put("anyOf",
                    new JsonArray().add(new JsonObject().put("type", "null"))
                            .add(new JsonObject().put("type", "object").put("maxProperties", 0)));
            case Telemetry.KEY -> fields(Telemetry.FIELDS, Map.of("rate", rate("messages"), "qos", qos(),
                    "topic", pattern("^(event|data|custom:[A-Za-z0-9_-]{1,64})$", "event, data or custom:NAME"),
                    "payload", text("a payload template, e.g. '{\"t\":{random:15:30}}'"),
                    "size", size("filler payload bytes instead of a template")), List.of("rate"),
                    "publishes to the device's event, data or a custom topic");
            case Echo.KEY -> fields(Echo.FIELDS, Map.of("rate", rate("messages"), "qos", qos(),
                    "payload", text("a payload template"), "size", size("filler payload bytes")), List.of("rate"),
                    "publishes to the device's own data topic and measures the round trip");
            case Downlink.KEY -> fields(Downlink.FIELDS, Map.of("rate", rate("messages through the API"),
                    "qos", qos(), "payload", text("a payload template"), "size", size("filler payload bytes")),
                    List.of("rate"), "the application publishes to devices through the hub API");
            case Shadow.KEY -> fields(Shadow.FIELDS, Map.of("report", rate("shadow reports (updates)"),
                    "get", rate("shadow gets"), "desired", rate("desired-state changes through the API")),
                    List.of(), "shadow churn; at least one of report, get, desired").put("minProperties", 1);
            case Ota.KEY -> fields(Ota.FIELDS, Map.of("fraction", share("the share of the group upgraded"),
                    "version", name("^[A-Za-z0-9._-]{1,32}$", "the firmware version"),
                    "size", size("the firmware image"), "createTask", bool("create an upgrade task through the API"),
                    "downloadRate", pattern("^\\s*[0-9]{1,12}\\s*([Bb]|[Kk][Bb]|[Mm][Bb]|[Gg][Bb])?/s\\s*$",
                            "a size per second such as 100KB/s"),
                    "burn", duration("time to burn the image"), "fail", share("the share of upgrades that fail")),
                    List.of("fraction", "version"), "an OTA upgrade wave");
            case Reconnect.KEY -> fields(Reconnect.FIELDS, Map.of("fraction", share("the share of the group "
                            + "dropped"), "mode", choice(List.of("abrupt", "clean"), "drop abruptly or with "
                            + "DISCONNECT"), "recovery", share("the share back that ends recovery"),
                    "rate", rate("drops (null = at once)")), List.of("fraction"), "a reconnect storm");
            case Bind.KEY -> atOnceOrRate("gateways bind their sub-devices (sub-device groups)");
            case Online.KEY -> atOnceOrRate("gateways bring their sub-devices online (sub-device groups)");
            case Offline.KEY -> atOnceOrRate("gateways take their sub-devices offline (sub-device groups)");
            case Register.KEY -> atOnceOrRate("devices register dynamically for their PSK before they connect");
            case Config.KEY -> fields(Config.FIELDS, Map.of("get", rate("configuration gets"),
                    "push", rate("configuration pushes through the API")), List.of(),
                    "remote configuration; at least one of get, push").put("minProperties", 1);
            case Resource.KEY -> fields(Resource.FIELDS, Map.of("upload", rate("resource uploads"),
                    "download", rate("resource download tasks through the API"),
                    "size", size("the resource file")), List.of(), "resource (file) transfers; at least one of "
                    + "upload, download");
            default -> throw new IllegalArgumentException("no schema for behaviour '" + key + "': add it to "
                    + "BehaviourSchemas");
        };
    }

    /** {@code all}, a rate, or {@code {rate: ...}}: every device of the group once. */
    private static JsonObject atOnceOrRate(String description) {
        JsonObject rateOrAll = new JsonObject().put("anyOf", new JsonArray().add(new JsonObject().put("const",
                AtOnceOrRate.ALL)).add(rate("devices per second")));
        return new JsonObject().put("description", description + "; all (at once), a rate such as 500/s, or "
                + "{rate: ...}").put("anyOf", new JsonArray().add(rateOrAll.copy()).add(fields(List.of("rate"),
                Map.of("rate", rateOrAll), List.of("rate"), description)));
    }

    /** A mapping whose properties are exactly the reader's {@code fields}, each with its schema. */
    private static JsonObject fields(List<String> fields, Map<String, JsonObject> types, List<String> required,
            String description) {
        JsonObject properties = new JsonObject();
        for (String f : fields) {
            JsonObject type = types.get(f);
            if (type == null) {
                throw new IllegalStateException("no schema for field " + f + " (" + description + ")");
            }
            properties.put(f, type);
        }
        return object(description, properties, required);
    }
}
