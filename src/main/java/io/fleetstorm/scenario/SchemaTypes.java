package io.fleetstorm.scenario;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The JSON Schema of each kind of scenario value, as {@link Fields} reads it: the same forms ({@code 100/s},
 * {@code 1m30s}, {@code 16KB}, {@code 5%}), the same ranges. Used by {@link ScenarioSchema} and the behaviours'
 * schemas; ScenarioSchemaTest checks samples of each against {@code validate}.
 */
public final class SchemaTypes {

    private static final String NUMBER = "[0-9]{1,15}(\\.[0-9]{1,9})?([eE]\\+?[0-9]{1,3})?";
    private static final String DURATION = "([0-9]{1,12}(\\.[0-9]{1,9})?(ms|s|m|h|d))+";
    private static final String PER = NUMBER + "[kM]?\\s*/\\s*(s|min|m|h|" + DURATION + ")";
    /** The rate forms of {@link RateParser}: {@code 100/s}, {@code 1/s per device}, {@code every 5s}, ramps. */
    static final String RATE = "^\\s*(every\\s+" + DURATION + "(\\s+poisson)?|" + PER + "(\\s*->\\s*" + PER + ")?"
            + "(\\s+per\\s+device)?(\\s+poisson)?(\\s+per\\s+device)?)\\s*$";

    private SchemaTypes() {
    }

    /** A text with a description; a YAML number is text too (the reader takes any single value's text). */
    public static JsonObject text(String description) {
        return new JsonObject().put("type", new JsonArray().add("string").add("number")).put("minLength", 1)
                .put("description", description);
    }

    /** A text matching {@code pattern} (a number, which no pattern would check, is not one). */
    public static JsonObject pattern(String pattern, String description) {
        return text(description).put("type", "string").put("pattern", pattern);
    }

    /** A name or version matching {@code pattern}, which YAML may also read as a number ({@code 2024}, {@code 2.0}). */
    public static JsonObject name(String pattern, String description) {
        return text(description).put("pattern", pattern);
    }

    /** One of {@code values}. */
    public static JsonObject choice(List<String> values, String description) {
        return new JsonObject().put("enum", new JsonArray(List.copyOf(values))).put("description", description);
    }

    /** A whole number in [min, max], also written with k or M ({@code 10k}), as {@link Fields#integer} reads it. */
    public static JsonObject integer(long min, long max, String description) {
        return new JsonObject().put("description", description + " (" + min + ".." + max + ")").put("anyOf",
                new JsonArray().add(new JsonObject().put("type", "integer").put("minimum", min).put("maximum", max))
                        .add(new JsonObject().put("type", "string").put("pattern",
                                "^[0-9]{1,15}(\\.[0-9]{1,9})?\\s*[kM]$")));
    }

    /** true or false. */
    public static JsonObject bool(String description) {
        return new JsonObject().put("type", "boolean").put("description", description);
    }

    /** A rate ({@link Rate}). */
    public static JsonObject rate(String description) {
        return pattern(RATE, description + ": a rate such as 100/s, 1/s per device, 12/min per device, 1/5s, "
                + "every 5s or 10/s -> 100/s, optionally poisson");
    }

    /** A duration such as {@code 30s}, {@code 1m30s}, {@code 500ms}. */
    public static JsonObject duration(String description) {
        return pattern("^\\s*" + DURATION + "\\s*$", description + ": a duration such as 30s, 1m30s or 500ms");
    }

    /** A byte size such as {@code 512B}, {@code 16KB}, {@code 1MB}. */
    public static JsonObject size(String description) {
        return new JsonObject().put("description", description + ": a size such as 512B, 16KB or 1MB").put("anyOf",
                new JsonArray().add(new JsonObject().put("type", "integer").put("minimum", 0))
                        .add(new JsonObject().put("type", "string").put("pattern",
                                "^\\s*[0-9]{1,12}\\s*([Bb]|[Kk][Bb]|[Mm][Bb]|[Gg][Bb])?\\s*$")));
    }

    /** A share such as {@code 5%} or {@code 0.05}. */
    public static JsonObject share(String description) {
        return new JsonObject().put("description", description + ": a share such as 5% or 0.05").put("anyOf",
                new JsonArray().add(new JsonObject().put("type", "number").put("minimum", 0).put("maximum", 1))
                        .add(new JsonObject().put("type", "string").put("pattern",
                                "^\\s*[0-9]{1,15}(\\.[0-9]{1,9})?\\s*%?\\s*$")));
    }

    /** MQTT QoS 0 or 1. */
    public static JsonObject qos() {
        return new JsonObject().put("enum", new JsonArray().add(0).add(1)).put("description",
                "MQTT QoS 0 or 1 (the hub closes connections that publish with QoS 2)");
    }

    /** A mapping of exactly these fields ({@code required} among them). */
    public static JsonObject object(String description, JsonObject properties, List<String> required) {
        JsonObject o = new JsonObject().put("type", "object").put("description", description)
                .put("properties", properties).put("additionalProperties", false);
        if (!required.isEmpty()) {
            o.put("required", new JsonArray(List.copyOf(required)));
        }
        return o;
    }

    /** A list of {@code items}. */
    public static JsonObject list(JsonObject items, int min, int max, String description) {
        return new JsonObject().put("type", "array").put("items", items).put("minItems", min).put("maxItems", max)
                .put("description", description);
    }
}
