package io.fleetstorm.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.report.ThresholdSpec;
import io.fleetstorm.report.compare.RegressionRule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped scenario schema, checked with an independent validator (vertx-json-schema, draft-07, as editors read
 * it): it is what {@link ScenarioSchema} generates, every shipped scenario points to it and passes it, and a sample of
 * files {@code validate} rejects (or accepts) the schema rejects (or accepts) too.
 */
class ScenarioSchemaTest {

    private static final Path SHIPPED = Path.of(ScenarioSchema.PATH);

    @TempDir
    static Path dir;

    private static Validator validator() throws IOException {
        JsonObject schema = new JsonObject(Files.readString(SHIPPED));
        return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT7)
                .setBaseUri("urn:fleetstorm:scenario").setOutputFormat(OutputFormat.Basic));
    }

    /** The YAML as an editor's language server sees it: the document's values, as JSON. */
    private static Object json(String yaml) {
        Object tree = new Yaml().load(yaml);
        return tree instanceof Map<?, ?> m ? new JsonObject(cast(m)) : tree instanceof List<?> l ? new JsonArray(l)
                : tree;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static boolean loads(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        try { // as validate loads: thresholds by the report's grammar, regressions by the comparison's
            Scenario scenario = ScenarioLoader.load(file, Map.of(), expression -> {
                try {
                    ThresholdSpec.parse(expression);
                    return null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            });
            scenario.regressions().forEach(r -> RegressionRule.parse(r.expression()));
            return true;
        } catch (ScenarioException e) {
            return false;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void theShippedFileIsWhatTheDefinitionsGenerate() throws IOException {
        assertThat(Files.readString(SHIPPED, StandardCharsets.UTF_8))
                .as("regenerate with: fleetstorm schema --output " + ScenarioSchema.PATH)
                .isEqualTo(ScenarioSchema.generate().encodePrettily() + "\n");
    }

    @Test
    void everyShippedScenarioPointsToTheSchemaAndPassesIt() throws IOException {
        Validator validator = validator();
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("scenarios"))) {
            files = new java.util.ArrayList<>(s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList());
        }
        assertThat(files).isNotEmpty();
        files.add(Path.of("dashboards/compose/capacity-session.yaml"));
        for (Path f : files) {
            String yaml = Files.readString(f);
            // the comment's path is relative to the file: ../schema from scenarios/, ../../schema from deeper
            String relative = f.getParent().relativize(Path.of(ScenarioSchema.PATH)).toString();
            assertThat(yaml.lines().findFirst().orElse("")).as(f.toString())
                    .isEqualTo("# yaml-language-server: $schema=" + relative);
            OutputUnit result = validator.validate(json(yaml));
            assertThat(result.getValid()).as(f + ": " + result.getErrors()).isTrue();
        }
    }

    private static final String BASE = """
            name: sample
            groups:
              - name: sensors
                productId: P1
                count: %s
                credentials: {productSecret: s}
            phases:
              - name: run
                duration: %s
                sensors: {%s}
            %s
            """;

    static Stream<List<String>> rejected() {
        return Stream.of(
                List.of("10", "10s", "telemetry: {rate: 10/s}", "colour: blue"),
                List.of("10", "10s", "telemetry: {rate: 10/s, qos: 2}", ""),
                List.of("10", "10s", "telemetry: {rate: ten per second}", ""),
                List.of("10", "10", "telemetry: {rate: 10/s}", ""),
                List.of("10", "10s", "telemetry: {qos: 1}", ""),
                List.of("10", "10s", "telemetry: {rate: 10/s, topic: events}", ""),
                List.of("10", "10s", "telemtry: {rate: 10/s}", ""),
                List.of("0", "10s", "connect: 100/s", ""),
                List.of("20000000", "10s", "connect: 100/s", ""),
                List.of("10", "10s", "connect: 100/s", "agents: 0"),
                List.of("10", "10s", "shadow: {}", ""),
                List.of("10", "10s", "reconnect: {fraction: 30%, mode: gentle}", ""),
                List.of("10", "10s", "connect: 100/s", "hub: {limits: {conect: 300/s}}"),
                List.of("10", "10s", "connect: 100/s", "hub: {limit: {publish: 300/s}}"),
                List.of("10", "10s", "connect: 100/s", "outputs: {metricsPort: 70000}"),
                List.of("10", "10s", "connect: 100/s", "thresholds: [{phase: run}]"),
                List.of("10", "10s", "connect: 100/s", "regressions: [publish-ack.p99]"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void whatValidateRejectsTheSchemaRejects(List<String> parts) throws IOException {
        String yaml = BASE.formatted(parts.toArray());
        assertThat(loads("rejected.yaml", yaml)).as("validate rejects:\n" + yaml).isFalse();
        assertThat(validator().validate(json(yaml)).getValid()).as("the schema rejects:\n" + yaml).isFalse();
    }

    static Stream<List<String>> accepted() {
        return Stream.of(
                List.of("10k", "1m30s", "connect: 100/s", ""),
                List.of("10", "500ms", "connect: {rate: 1/5s}", ""),
                List.of("10", "10s", "telemetry: {rate: every 5s poisson, qos: 1, topic: 'custom:t1', size: 16KB}",
                        ""),
                List.of("10", "10s", "telemetry: {rate: 10/s -> 50/s poisson, payload: '{\"s\":{seq}}'}", ""),
                List.of("10", "10s", "shadow: {report: 0.1/s per device, desired: 1/s}, idle: {}",
                        "thresholds: ['shadow-update.p99 < 200ms', {expr: 'errors.rate < 1%', phase: run}]"),
                List.of("10", "10s", "ota: {fraction: 5%, version: 1.1.0, downloadRate: 100KB/s}",
                        "hub: {limits: {publish: 2000/s}, delays: {puback: 'lognormal:2ms:20ms'}, queue: 500}"),
                List.of("10", "10s", "reconnect: {fraction: 30%, mode: clean, rate: 5/s}",
                        "regressions: ['publish-ack.p99 +10%', 'errors.rate +0.1pp']"));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void whatValidateAcceptsTheSchemaAccepts(List<String> parts) throws IOException {
        String yaml = BASE.formatted(parts.toArray());
        assertThat(loads("accepted.yaml", yaml)).as("validate accepts:\n" + yaml).isTrue();
        OutputUnit result = validator().validate(json(yaml));
        assertThat(result.getValid()).as("the schema accepts:\n" + yaml + "\n" + result.getErrors()).isTrue();
    }

    @Test
    void everyMappingOfTheSchemaListsExactlyTheReadersFields() {
        JsonObject schema = ScenarioSchema.generate();
        assertThat(schema.getJsonObject("properties").fieldNames()).containsExactlyElementsOf(ScenarioLoader.TOP);
        assertThat(schema.getJsonObject("properties").getJsonObject("groups").getJsonObject("items")
                .getJsonObject("properties").fieldNames()).containsExactlyElementsOf(GroupReader.FIELDS);
        assertThat(schema.getJsonObject("properties").getJsonObject("hub").getJsonObject("properties")
                .fieldNames()).containsExactlyElementsOf(HubSectionReader.FIELDS);
        JsonObject behaviours = schema.getJsonObject("properties").getJsonObject("phases").getJsonObject("items")
                .getJsonObject("additionalProperties").getJsonObject("properties");
        assertThat(behaviours.fieldNames()).containsExactlyElementsOf(
                io.fleetstorm.scenario.behaviour.Behaviours.keys());
    }
}
