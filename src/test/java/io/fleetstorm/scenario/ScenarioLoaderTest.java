package io.fleetstorm.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstorm.scenario.behaviour.Behaviour;
import io.fleetstorm.scenario.behaviour.Reconnect;
import io.fleetstorm.scenario.behaviour.Shadow;
import io.fleetstorm.scenario.behaviour.Telemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scenario files: what is accepted, and the exact error line for each kind of mistake. */
class ScenarioLoaderTest {

    @TempDir
    static Path dir;

    private static final String GROUP = """
            groups:
              - name: sensors
                productId: P1
                count: 10
                credentials: {productSecret: s}
            """;

    private static Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aCompleteScenarioIsReadIntoTheModel() throws Exception {
        Scenario s = ScenarioLoader.load(write("ok.yaml", """
                name: demo
                target: {host: 127.0.0.1, port: 11883, api: http://127.0.0.1:8880}
                groups:
                  - name: sensors
                    productId: P1
                    count: 3
                    namePattern: "s-{index:03}"
                    indexOffset: 7
                    credentials: {productSecret: s}
                    sdk: java-sdk
                phases:
                  - name: up
                    duration: 2s
                    sensors:
                      connect: {rate: 10/s}
                  - name: run
                    duration: 1m
                    sensors:
                      telemetry: {rate: 1/s per device, qos: 1, topic: custom:telemetry, payload: '{"s":{seq}}'}
                      shadow: {report: 0.5/s per device, desired: 1/s -> 5/s}
                      reconnect: {fraction: 25%, mode: clean}
                thresholds: ["publish-ack.p99 < 200ms"]
                """), Map.of());
        assertThat(s.name()).isEqualTo("demo");
        assertThat(s.target().embedded()).isFalse();
        assertThat(s.target().port()).isEqualTo(11883);
        assertThat(s.groups().get(0).deviceName(0)).isEqualTo("s-007");
        assertThat(s.groups().get(0).keepAlive()).as("java-sdk default").isEqualTo(60);
        assertThat(s.totalDuration()).isEqualTo(Duration.ofSeconds(62));
        List<Behaviour> run = s.phases().get(1).behaviours().get("sensors");
        assertThat(run).hasSize(3);
        assertThat(run.get(0)).isEqualTo(new Telemetry(new ConstantRate(1, true), 1,
                new TopicChoice.Custom("telemetry"), ((Telemetry) run.get(0)).payload()));
        assertThat(((Shadow) run.get(1)).desired()).isEqualTo(new RampRate(1, 5, false));
        assertThat(run.get(2)).isEqualTo(new Reconnect(0.25, false, 0.95, null));
    }

    @Test
    void withoutTargetTheEmbeddedHubIsUsed() throws Exception {
        Scenario s = ScenarioLoader.load(write("embedded.yaml", "name: e\n" + GROUP
                + "phases:\n  - {name: p, duration: 1s, sensors: {idle: {}}}\n"), Map.of());
        assertThat(s.target().embedded()).isTrue();
    }

    @Test
    void overridesApplyBeforeValidation() throws Exception {
        Path file = write("over.yaml", "name: o\n" + GROUP + "phases:\n  - name: p\n    duration: 1s\n"
                + "    sensors: {connect: {rate: 5/s}}\n");
        Scenario s = ScenarioLoader.load(file, Map.of("groups[0].count", "25", "phases[0].duration", "3s"));
        assertThat(s.groups().get(0).count()).isEqualTo(25);
        assertThat(s.phases().get(0).duration()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> ScenarioLoader.load(file, Map.of("groups[0].count", "-1")))
                .hasMessageContaining(":5: groups[0].count must be a whole number in 1..10000000, but was '-1'");
        assertThatThrownBy(() -> ScenarioLoader.load(file, Map.of("nope[3].x", "1")))
                .hasMessageContaining("--set nope[3].x: no such place in");
    }

    static Stream<Arguments> broken() {
        String phases = "phases:\n  - {name: p, duration: 1s, sensors: {idle: {}}}\n";
        return Stream.of(
                Arguments.of("no groups", "name: x\n" + phases,
                        ":1: groups is required"),
                Arguments.of("no phases", "name: x\n" + GROUP,
                        ":1: phases is required"),
                Arguments.of("unknown top field", "name: x\nrate: 5\n" + GROUP + phases,
                        ":2: rate is not a known field (expected one of: name, target, groups, phases, thresholds, "
                                + "outputs, acceptSaturation, agents)"),
                Arguments.of("bad product id", "name: x\n" + GROUP.replace("P1", "P-1") + phases,
                        ":4: groups[0].productId must match [A-Za-z0-9]{1,32}, but was 'P-1'"),
                Arguments.of("count zero", "name: x\n" + GROUP.replace("count: 10", "count: 0") + phases,
                        ":5: groups[0].count must be a whole number in 1..10000000, but was '0'"),
                Arguments.of("count not a number", "name: x\n" + GROUP.replace("count: 10", "count: many") + phases,
                        ":5: groups[0].count must be a whole number in 1..10000000, but was 'many'"),
                Arguments.of("pattern without index", "name: x\n" + GROUP.replace("count: 10",
                        "count: 10\n    namePattern: sensor") + phases,
                        ":6: groups[0].namePattern must contain {index} or {index:0N} (N up to 9), but was 'sensor'"),
                Arguments.of("names not valid device names", "name: x\n" + GROUP.replace("count: 10",
                        "count: 10\n    namePattern: 'a b {index}'") + phases,
                        ":6: groups[0].namePattern must give device names matching [A-Za-z0-9:_-]{1,48}, "
                                + "but was 'a b 0'"),
                Arguments.of("two credentials", "name: x\n" + GROUP.replace("{productSecret: s}",
                        "{productSecret: s, csv: d.csv}") + phases,
                        ":6: groups[0].credentials must give exactly one of productSecret, csv or certDir"),
                Arguments.of("certificate without certDir", "name: x\n" + GROUP.replace("count: 10",
                        "count: 10\n    auth: certificate") + phases,
                        ":7: groups[0].credentials must give certDir for auth: certificate"),
                Arguments.of("unknown sdk", "name: x\n" + GROUP.replace("count: 10", "count: 10\n    sdk: go-sdk")
                        + phases, ":6: groups[0].sdk must be one of c-sdk, java-sdk, but was 'go-sdk'"),
                Arguments.of("keepalive over 900", "name: x\n" + GROUP.replace("count: 10",
                        "count: 10\n    keepAlive: 901") + phases,
                        ":6: groups[0].keepAlive must be a whole number in 0..900, but was '901'"),
                Arguments.of("duplicate group", "name: x\n" + GROUP + GROUP.substring("groups:\n".length())
                        + phases, ":7: groups[1].name must be unique; another group is already named so, "
                        + "but was 'sensors'"),
                Arguments.of("phase without duration", "name: x\n" + GROUP + "phases:\n  - {name: p}\n",
                        ":8: phases[0] duration is required"),
                Arguments.of("bad duration", "name: x\n" + GROUP + "phases:\n  - {name: p, duration: soon}\n",
                        ":8: phases[0].duration must be a duration such as 30s, 1m30s or 500ms in 1ms..7d, but was 'soon'"),
                Arguments.of("unknown group in phase", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, meters: {idle: {}}}\n",
                        ":8: phases[0].meters is not a group of this scenario (groups: sensors; a phase also takes name and duration)"),
                Arguments.of("unknown behaviour", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, sensors: {publish: {rate: 1/s}}}\n",
                        ":8: phases[0].sensors.publish is not a known field (expected one of: connect, idle, "
                                + "telemetry, echo, downlink, shadow, ota, reconnect)"),
                Arguments.of("negative rate", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, sensors: {telemetry: {rate: -5/s}}}\n",
                        ":8: phases[0].sensors.telemetry.rate must be > 0 (a rate such as 100/s, 1/s per device, "
                                + "12/min per device, 1/5s, every 5s or 10/s -> 100/s), but was '-5/s'"),
                Arguments.of("qos 2", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, sensors: {telemetry: {rate: 1/s, qos: 2}}}\n",
                        ":8: phases[0].sensors.telemetry.qos must be 0 or 1 (the hub closes connections that publish "
                                + "with QoS 2), but was '2'"),
                Arguments.of("bad topic", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, sensors: {telemetry: {rate: 1/s, topic: control}}}\n",
                        ":8: phases[0].sensors.telemetry.topic must be event, data or custom:NAME (NAME matching [A-Za-z0-9_-]{1,64}), but was 'control'"),
                Arguments.of("unknown payload variable", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, sensors: {echo: {rate: 1/s, payload: '{temp}'}}}\n",
                        ":8: phases[0].sensors.echo.payload has an unknown variable {temp} (known: {deviceName}, "
                                + "{seq}, {timestamp}, {random:MIN:MAX})"),
                Arguments.of("ota fraction over 100%", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, sensors: {ota: {fraction: 120%, version: '2'}}}\n",
                        ":8: phases[0].sensors.ota.fraction must be a share between 0% (exclusive) and 100%, "
                                + "but was '120%'"),
                Arguments.of("reconnect mode", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, sensors: {reconnect: {fraction: 5%, mode: soft}}}\n",
                        ":8: phases[0].sensors.reconnect.mode must be one of abrupt, clean, but was 'soft'"),
                Arguments.of("bad threshold", "name: x\n" + GROUP + phases + "thresholds: ['latency < 5']\n",
                        ":9: thresholds[0] must be METRIC.AGGREGATE OP VALUE (e.g. publish-ack.p99 < 200ms), "
                                + "but was 'latency < 5'"),
                Arguments.of("target port", "name: x\ntarget: {host: h, port: 70000}\n" + GROUP + phases,
                        ":2: target.port must be a whole number in 1..65535, but was '70000'"),
                Arguments.of("target api not a URL", "name: x\ntarget: {host: h, api: 'localhost:8880'}\n" + GROUP
                        + phases, ":2: target.api must be an http:// or https:// URL, but was 'localhost:8880'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void everyMistakeIsReportedWithFileLineFieldRuleAndValue(String what, String yaml, String expected)
            throws IOException {
        Path file = write("broken.yaml", yaml);
        assertThatThrownBy(() -> ScenarioLoader.load(file, Map.of()))
                .isInstanceOf(ScenarioException.class)
                .satisfies(e -> assertThat(((ScenarioException) e).problems()).contains(file + expected));
    }

    @Test
    void allProblemsAreReportedAtOnceUnderOneHeader() throws IOException {
        Path file = write("many.yaml", "name: x\n" + GROUP.replace("count: 10", "count: 0").replace("P1", "P-1")
                + "phases:\n  - {name: p, duration: soon}\n");
        assertThatThrownBy(() -> ScenarioLoader.load(file, Map.of()))
                .hasMessageStartingWith(file + ": 3 errors\n  " + file + ":4: groups[0].productId");
    }

    @Test
    void everyScenarioShippedInScenariosIsValid() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("scenarios"))) {
            List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yamls).extracting(p -> p.getFileName().toString()).contains("quickstart.yaml",
                    "telemetry-10k.yaml", "shadow-churn.yaml", "ota-storm.yaml", "reconnect-storm.yaml");
            for (Path p : yamls) {
                assertThat(ScenarioLoader.load(p, Map.of()).groups()).as(p.toString()).isNotEmpty();
            }
        }
    }
}
