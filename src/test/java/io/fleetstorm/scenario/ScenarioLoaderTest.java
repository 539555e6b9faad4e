package io.fleetstorm.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstorm.scenario.behaviour.Behaviour;
import io.fleetstorm.scenario.behaviour.Reconnect;
import io.fleetstorm.scenario.behaviour.Shadow;
import io.fleetstorm.scenario.behaviour.Telemetry;
import io.fleetstorm.metrics.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
                                + "outputs, acceptSaturation, agents, hub, regressions)"),
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
                        ":6: groups[0].credentials must give exactly one of productSecret, csv, certDir or register"),
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
                        ":8: phases[0].duration must be a duration such as 30s, 1m30s or 500ms in 1ms..7d, "
                                + "but was 'soon'"),
                Arguments.of("unknown group in phase", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, meters: {idle: {}}}\n",
                        ":8: phases[0].meters is not a group of this scenario (groups: sensors; a phase also "
                                + "takes name and duration)"),
                Arguments.of("unknown behaviour", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, sensors: {publish: {rate: 1/s}}}\n",
                        ":8: phases[0].sensors.publish is not a known field (expected one of: connect, idle, "
                                + "telemetry, echo, downlink, shadow, ota, reconnect, bind, online, offline, register, "
                                + "config, resource)"),
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
                        ":8: phases[0].sensors.telemetry.topic must be event, data or custom:NAME (NAME matching "
                                + "[A-Za-z0-9_-]{1,64}), but was 'control'"),
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
                        + phases, ":2: target.api must be an http:// or https:// URL, but was 'localhost:8880'"),
                Arguments.of("duplicate key", "name: x\n" + GROUP.replace("count: 10", "count: 10\n    count: 20")
                        + phases, ":6: groups[0].count is given twice (first at line 5)"),
                Arguments.of("duration beyond the range", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 99999999999999999999h}\n",
                        ":8: phases[0].duration must be a duration such as 30s, 1m30s or 500ms in 1ms..7d, "
                                + "but was '99999999999999999999h'"),
                Arguments.of("a rate of 1e12/s", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, sensors: {telemetry: {rate: 1e12/s}}}\n",
                        ":8: phases[0].sensors.telemetry.rate must be at most 10000000/s for the group, "
                                + "but was '1e12/s'"),
                Arguments.of("a per-device rate too high for the group", "name: x\n" + GROUP.replace("count: 10",
                        "count: 10M") + "phases:\n  - {name: p, duration: 1s, sensors: {telemetry: {rate: "
                        + "every 1ms}}}\n", ":8: phases[0].sensors telemetry at 1000/s per device for "
                        + "10000000 devices is 10000000000/s, more than 10000000/s for one group"),
                Arguments.of("the old refused per-device form suggests nothing: it works", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, sensors: {telemetry: {rate: 1/5s per devices}}}\n",
                        ":8: phases[0].sensors.telemetry.rate has an unknown word 'devices'; did you mean "
                                + "'1/5s per device'?, but was '1/5s per devices'"),
                Arguments.of("a list where a path is expected", "name: x\n" + GROUP + phases
                        + "outputs: {dir: [a, b]}\n", ":9: outputs.dir must be a single value, but was a list"),
                Arguments.of("a list where the secret is expected", "name: x\n" + GROUP.replace("{productSecret: s}",
                        "{productSecret: [a]}") + phases,
                        ":6: groups[0].credentials.productSecret must be a single value, but was a list"),
                Arguments.of("a mapping where a list is expected", "name: x\ngroups: {name: a}\n" + phases,
                        ":2: groups must be a list, but was a mapping"),
                Arguments.of("control characters are escaped", "name: \"a\\0b\\x1b[31m\"\n" + GROUP + phases,
                        ":1: name must match [A-Za-z0-9_.-]{1,64} (it names the run and its metrics), "
                                + "but was 'a\\u0000b\\u001b[31m'"),
                Arguments.of("a long value is cut", "name: x\n" + GROUP.replace("P1", "P".repeat(200)) + phases,
                        ":4: groups[0].productId must match [A-Za-z0-9]{1,32}, but was '" + "P".repeat(80)
                                + "...' (200 characters)"),
                Arguments.of("timeout out of range", "name: x\n" + GROUP.replace("count: 10",
                        "count: 10\n    timeouts: {puback: 20m}") + phases,
                        ":6: groups[0].timeouts.puback must be a duration such as 30s, 1m30s or 500ms in "
                                + "100ms..10m, but was '20m'"),
                Arguments.of("unknown timeout", "name: x\n" + GROUP.replace("count: 10",
                        "count: 10\n    timeouts: {pingresp: 2s}") + phases,
                        ":6: groups[0].timeouts.pingresp is not a known field (expected one of: connack, suback, "
                                + "puback, shadow, echo, downlink, ota)"),
                Arguments.of("more agents than devices", "name: x\nagents: 11\n" + GROUP + phases,
                        ":2: agents must be at most the smallest group's count (group sensors has 10 device(s)): "
                                + "every agent needs a device of every group, but was '11'"),
                Arguments.of("idle with fields", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, sensors: {idle: {rate: 1/s}}}\n",
                        ":8: phases[0].sensors.idle takes no fields (write idle: {})"),
                Arguments.of("random variable upside down", "name: x\n" + GROUP
                        + "phases:\n  - {name: p, duration: 1s, sensors: {echo: {rate: 1/s, payload: "
                        + "'{random:9:1}'}}}\n",
                        ":8: phases[0].sensors.echo.payload has {random:9:1} whose MIN is above its MAX"),
                Arguments.of("two phases of one name", "name: x\n" + GROUP + "phases:\n"
                        + "  - {name: p, duration: 1s}\n  - {name: p, duration: 1s}\n",
                        ":9: phases[1].name must be unique; another phase is already named so, but was 'p'"),
                Arguments.of("a threshold on a phase that does not exist", "name: x\n" + GROUP + phases
                        + "thresholds: ['errors.rate{phase:steady} < 1%']\n",
                        ":9: thresholds[0] selects phase 'steady', which is not a phase of this scenario (p), "
                                + "but was 'errors.rate{phase:steady} < 1%'"),
                Arguments.of("a threshold on a group that does not exist", "name: x\n" + GROUP + phases
                        + "thresholds: ['errors.rate{group:cameras} < 1%']\n",
                        ":9: thresholds[0] selects group 'cameras', which is not a group of this scenario "
                                + "(sensors), but was 'errors.rate{group:cameras} < 1%'"),
                Arguments.of("an unknown selector", "name: x\n" + GROUP + phases
                        + "thresholds: ['errors.rate{region:eu} < 1%']\n",
                        ":9: thresholds[0] has an unknown selector 'region'; expected phase:NAME, group:NAME or "
                                + "last:DURATION, but was 'errors.rate{region:eu} < 1%'"),
                Arguments.of("a window too long", "name: x\n" + GROUP + phases
                        + "thresholds: ['errors.rate{last:2h} < 1%']\n",
                        ":9: thresholds[0] selects a window last:2h; it must be a duration in 1s..15m such as "
                                + "last:10s, but was 'errors.rate{last:2h} < 1%'"),
                Arguments.of("a threshold without any shadow behaviour", "name: x\n" + GROUP + phases
                        + "thresholds: ['shadow-update.p99 < 500ms']\n",
                        ":9: thresholds[0] can never get data: no behaviour produces shadow-update (it comes from "
                                + "shadow: {report: ...}), but was 'shadow-update.p99 < 500ms'"),
                Arguments.of("a publish threshold on a connect-only phase", "name: x\n" + GROUP
                        + "phases:\n  - {name: up, duration: 1s, sensors: {connect: 10/s}}\n"
                        + "  - {name: run, duration: 1s, sensors: {telemetry: {rate: 1/s, qos: 1}}}\n"
                        + "thresholds: ['publish-ack.p99{phase:up} < 200ms']\n",
                        ":10: thresholds[0] can never get data: no behaviour of phase up produces publish-ack "
                                + "(it comes from telemetry or echo with qos: 1), but was "
                                + "'publish-ack.p99{phase:up} < 200ms'"),
                Arguments.of("a publish-ack threshold on QoS 0 telemetry", "name: x\n" + GROUP
                        + "phases:\n  - {name: run, duration: 1s, sensors: {telemetry: {rate: 1/s}}}\n"
                        + "thresholds: [{expr: 'publish-ack.p99 < 200ms', phase: run}]\n",
                        ":9: thresholds[0].expr can never get data: no behaviour of phase run produces publish-ack "
                                + "(it comes from telemetry or echo with qos: 1), but was 'publish-ack.p99 < 200ms'"),
                Arguments.of("a csv that does not exist", "name: x\n" + GROUP.replace("{productSecret: s}",
                        "{csv: nowhere.csv}") + phases, ":6: groups[0].credentials.csv cannot be used: " + dir
                        + "/nowhere.csv: cannot read the file (NoSuchFileException)"),
                Arguments.of("a certDir that does not exist", "name: x\n" + GROUP.replace("{productSecret: s}",
                        "{certDir: nowhere}\n    auth: certificate") + phases,
                        ":6: groups[0].credentials.certDir must be a directory holding NAME.pem and NAME.key per "
                                + "device, but " + dir + "/nowhere does not exist"),
                Arguments.of("a CA file that is not PEM", "name: x\ntarget: {host: h, tls: true, ca: broken.yaml}\n"
                        + GROUP + phases, ":2: target.ca cannot be used: " + dir + "/broken.yaml:1: has no PEM block "
                                + "(expected -----BEGIN CERTIFICATE-----)"));
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
    void typedFieldsCarryTheirDefaultsAndTheWrittenValues() throws Exception {
        Scenario s = ScenarioLoader.load(write("typed.yaml", """
                name: typed
                agents: 2
                outputs: {metricsPort: -1}
                groups:
                  - name: a
                    productId: P1
                    count: 4
                    sdk: java-sdk
                    signMethod: hmacsha1
                    timeouts: {connack: 10s, puback: 1500ms}
                    credentials: {productSecret: s}
                phases:
                  - {name: p, duration: 1m30s, a: {telemetry: {rate: every 5s, topic: data}}}
                """), Map.of());
        Scenario.Group g = s.groups().get(0);
        assertThat(s.agents()).isEqualTo(2);
        assertThat(s.metricsPort()).isEqualTo(-1);
        assertThat(g.sdk()).isEqualTo(Sdk.JAVA_SDK);
        assertThat(g.keepAlive()).isEqualTo(60);
        assertThat(g.signMethod()).isEqualTo(io.fleetstorm.protocol.SignMethod.HMACSHA1);
        assertThat(g.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(10), Timeouts.DEFAULT,
                Duration.ofMillis(1500), Timeouts.DEFAULT, Timeouts.DEFAULT, Timeouts.DEFAULT, Timeouts.OTA_DEFAULT));
        assertThat(g.credentials()).isInstanceOf(Credentials.ProductSecret.class).hasToString(
                "productSecret (not shown)");
        assertThat(s.phases().get(0).of("a").get(0)).isEqualTo(new Telemetry(new ConstantRate(0.2, true), 0,
                new TopicChoice.Data(), ((Telemetry) s.phases().get(0).of("a").get(0)).payload()));
        assertThat(Units.format(s.totalDuration())).isEqualTo("1m30s");
    }

    @Test
    void yamlMergeKeysShareSettingsBetweenGroups() throws Exception {
        Scenario s = ScenarioLoader.load(write("merge.yaml", """
                name: merge
                groups:
                  - &base {name: a, productId: P1, count: 2, sdk: java-sdk, credentials: {productSecret: s}}
                  - <<: *base
                    name: b
                    count: 3
                phases:
                  - {name: p, duration: 1s, a: {idle: {}}, b: {idle: {}}}
                """), Map.of());
        assertThat(s.groups()).extracting(Scenario.Group::name, Scenario.Group::count, Scenario.Group::sdk)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 2, Sdk.JAVA_SDK),
                        org.assertj.core.groups.Tuple.tuple("b", 3, Sdk.JAVA_SDK));
    }

    @Test
    void thresholdSelectorsNameThePhasesAndGroupsOfTheScenario() throws Exception {
        Scenario s = ScenarioLoader.load(write("selectors.yaml", "name: x\n" + GROUP + """
                phases:
                  - {name: up, duration: 1s, sensors: {connect: 10/s}}
                  - {name: steady, duration: 1s, sensors: {telemetry: {rate: 1/s, qos: 1}}}
                thresholds:
                  - "publish-ack.p99{group:sensors, phase:steady} < 1s"
                  - {expr: "errors.rate{last:10s} < 5%", abortOnFail: true}
                  - "connect.p99{phase:steady} < 1s"
                """), Map.of());
        assertThat(s.thresholds()).extracting(Scenario.Threshold::expression).containsExactly(
                "publish-ack.p99{group:sensors, phase:steady} < 1s", "errors.rate{last:10s} < 5%",
                "connect.p99{phase:steady} < 1s");
    }

    @Test
    void thresholdProblemsComeWithTheRestOfTheFile() throws IOException {
        Path file = write("together.yaml", "name: x\n" + GROUP.replace("count: 10", "count: 0") + phases()
                + "thresholds: ['foo.p99 < 1s']\n");
        ScenarioLoader.ThresholdGrammar grammar = e -> e.startsWith("foo") ? "unknown metric 'foo'" : null;
        assertThatThrownBy(() -> ScenarioLoader.load(file, Map.of(), grammar))
                .isInstanceOf(ScenarioException.class)
                .satisfies(e -> assertThat(((ScenarioException) e).problems()).containsExactly(
                        file + ":5: groups[0].count must be a whole number in 1..10000000, but was '0'",
                        file + ":9: thresholds[0] unknown metric 'foo'"));
    }

    @Test
    void withersChangeOnlyWhatTheyName() throws Exception {
        Scenario s = ScenarioLoader.load(write("withers.yaml", "name: x\n" + GROUP + """
                phases:
                  - {name: a, duration: 10s, sensors: {connect: 100/s}}
                  - {name: b, duration: 20s, sensors: {telemetry: {rate: 10/s -> 20/s}}}
                """), Map.of());
        Scenario capped = s.cappedAt(Duration.ofSeconds(15));
        assertThat(capped.phases()).extracting(Scenario.Phase::duration)
                .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(5));
        assertThat(capped.groups()).isEqualTo(s.groups());
        Scenario moved = s.withTargetAddress("10.0.0.1", 1884);
        assertThat(moved.target().embedded()).isFalse();
        assertThat(moved.target().port()).isEqualTo(1884);
        assertThat(moved.phases()).isEqualTo(s.phases());
        Scenario half = s.sliced(new Scenario.Slicing() {
            public int start(int groupCount) {
                return 5;
            }

            public int size(int groupCount) {
                return 5;
            }
        });
        assertThat(half.groups().get(0).deviceName(0)).isEqualTo("device-00005");
        assertThat(half.phases().get(1).of("sensors").get(0).rates().get(0).rate()).hasToString("5/s -> 10/s");
    }

    @Test
    void theDevicesOfAllGroupsAreBounded() throws IOException {
        StringBuilder yaml = new StringBuilder("name: x\ngroups:\n");
        for (int i = 0; i < 11; i++) {
            yaml.append("  - {name: g").append(i).append(", productId: P1, count: 10M, ")
                    .append("credentials: {productSecret: s}}\n");
        }
        Path file = write("many.yaml", yaml + "phases: [{name: p, duration: 1s}]\n");
        assertThatThrownBy(() -> ScenarioLoader.load(file, Map.of())).hasMessageContaining(file + ":3: groups hold "
                + "110000000 devices in total, more than 100000000 for one scenario");
    }

    @Test
    void theThresholdDataCheckKnowsEveryOperationOfTheMetrics() {
        assertThat(ThresholdReader.PRODUCERS.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Operation.values()).map(Operation::label).toList());
    }

    private static String phases() {
        return "phases:\n  - {name: p, duration: 1s, sensors: {idle: {}}}\n";
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
