package io.fleetstorm.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstorm.hub.DelaySpec;
import io.fleetstorm.hub.FaultWindow;
import io.fleetstorm.hub.HubFaults;
import io.fleetstorm.hub.HubOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A scenario's {@code hub:} section: the embedded hub's faults, read by the hub's own grammar, errors at file:line. */
class HubSectionTest {

    @TempDir
    static Path dir;

    private static final String BODY = """
            name: slow
            groups:
              - name: sensors
                productId: P1
                count: 10
                credentials: {productSecret: s}
            phases:
              - duration: 10s
                sensors: {telemetry: {rate: 100/s, qos: 1}}
            """;

    private static Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void everyFaultOfTheSectionReachesTheHubsFaults() throws Exception {
        Scenario s = ScenarioLoader.load(write("all.yaml", BODY + """
                hub:
                  limits: {publish: 2000/s, connect: 300/s@10s-40s}
                  delays: {puback: lognormal:2ms:20ms, shadow: 3ms}
                  refuse: {connect: 10%, api: 5%:InternalError}
                  disconnects: 2/s@60s-120s
                  stalls: 500ms/30s
                  window: 5s-
                  queue: 500
                """), Map.of());
        HubFaults f = s.hubFaults();
        assertThat(f.limits().get(HubOperation.PUBLISH)).isEqualTo(new HubFaults.Limit(2000, FaultWindow.between(
                Duration.ofSeconds(5), null)));
        assertThat(f.limits().get(HubOperation.CONNECT)).isEqualTo(new HubFaults.Limit(300, FaultWindow.between(
                Duration.ofSeconds(10), Duration.ofSeconds(40))));
        assertThat(f.delays().get(HubOperation.PUBACK).delay()).isEqualTo(new DelaySpec.LogNormal(2_000_000,
                20_000_000));
        assertThat(f.delays().get(HubOperation.SHADOW).delay()).isEqualTo(new DelaySpec.Fixed(3_000_000));
        assertThat(f.refusals().get(HubOperation.CONNECT).ratio()).isEqualTo(0.10);
        assertThat(f.refusals().get(HubOperation.API).apiErrorCode()).isEqualTo("InternalError");
        assertThat(f.disconnects().orElseThrow().perSecond()).isEqualTo(2);
        assertThat(f.stalls().orElseThrow().stall()).isEqualTo(Duration.ofMillis(500));
        assertThat(f.queueCapacity()).isEqualTo(500);
        assertThat(f.describe()).contains("limit publish=2000/s@5s- (queue 500)", "stall 500ms/30s@5s-");
    }

    @Test
    void noSectionIsNoFault() throws Exception {
        assertThat(ScenarioLoader.load(write("none.yaml", BODY), Map.of()).hubFaults().isEmpty()).isTrue();
    }

    @Test
    void aSetOverrideReachesTheSection() throws Exception {
        Scenario s = ScenarioLoader.load(write("set.yaml", BODY + "hub: {limits: {publish: 2000/s}}\n"),
                Map.of("hub.limits.publish", "500/s"));
        assertThat(s.hubFaults().limits().get(HubOperation.PUBLISH).perSecond()).isEqualTo(500);
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("hub: {limits: {publish: 2000/x}}",
                        "f.yaml:10: hub.limits.publish must be a rate like 2000/s, 2k/s or 120/m, but was '2000/x'"),
                Arguments.of("hub: {limits: {conect: 300/s}}",
                        "f.yaml:10: hub.limits.conect: unknown operation 'conect'; expected one of connect, publish, "
                                + "puback, subscribe, shadow, api"),
                Arguments.of("hub: {delays: {puback: lognormal:20ms:2ms}}",
                        "f.yaml:10: hub.delays.puback: a log-normal delay's p99 must be above its median, but was "
                                + "lognormal:20ms:2ms"),
                Arguments.of("hub: {refuse: {connect: 150%}}",
                        "f.yaml:10: hub.refuse.connect: a refusal ratio of connect must be 0%..100%, but was 150%"),
                Arguments.of("hub: {refuse: {connect: ''}}", "f.yaml:10: hub.refuse.connect must not be empty"),
                Arguments.of("hub: {stalls: 10s/5s}", "f.yaml:10: hub.stalls: a stall must last 1ms or more and less "
                        + "than its period, and the period must be at most 1h, but was 10s/5s"),
                Arguments.of("hub: {window: 40s-10s}", "f.yaml:10: hub.window must end after it starts, but was "
                        + "'40s-10s'"),
                Arguments.of("hub: {queue: lots}", "f.yaml:10: hub.queue must be a whole number of operations "
                        + "(1..10000000), but was 'lots'"),
                Arguments.of("hub: {limits: [publish]}", "f.yaml:10: hub.limits must be a mapping, but was a list"),
                Arguments.of("hub: {limit: {publish: 1/s}}", "f.yaml:10: hub.limit is not a known field (expected one "
                        + "of: limits, delays, refuse, disconnects, stalls, window, queue)"),
                Arguments.of("hub: {delays: {puback: [3ms]}}",
                        "f.yaml:10: hub.delays.puback must be a single value, but was a list"),
                Arguments.of("hub: 3ms", "f.yaml:10: hub must be a mapping of limits, delays, refuse, disconnects, "
                        + "stalls, window, queue, but was '3ms'"));
    }

    @ParameterizedTest
    @MethodSource("broken")
    void aBrokenFaultIsNamedWithItsLine(String section, String expected) throws Exception {
        Path file = write("f.yaml", BODY + section + "\n");
        assertThatThrownBy(() -> ScenarioLoader.load(file, Map.of()))
                .isInstanceOf(ScenarioException.class)
                .satisfies(e -> assertThat(((ScenarioException) e).problems()).containsExactly(
                        expected.replace("f.yaml", file.toString())));
    }

    @Test
    void everyProblemOfTheSectionIsReportedAtOnce() throws Exception {
        Path file = write("many.yaml", BODY + """
                hub:
                  limits: {publish: fast}
                  delays: {puback: soon}
                """);
        assertThatThrownBy(() -> ScenarioLoader.load(file, Map.of()))
                .satisfies(e -> assertThat(((ScenarioException) e).problems()).containsExactly(
                        file + ":11: hub.limits.publish must be a rate like 2000/s, 2k/s or 120/m, but was 'fast'",
                        file + ":12: hub.delays.puback must be a delay like 3ms, uniform:1ms:5ms or lognormal:2ms:20ms "
                                + "(median:p99), but was 'soon'"));
    }

    @Test
    void aScenarioWithATargetCannotSlowThatHubDown() throws Exception {
        Path file = write("target.yaml", BODY + "target: {host: 127.0.0.1, port: 1883}\n"
                + "hub: {delays: {puback: 3ms}}\n");
        assertThatThrownBy(() -> ScenarioLoader.load(file, Map.of()))
                .satisfies(e -> assertThat(((ScenarioException) e).problems()).containsExactly(file + ":11: hub "
                        + "applies to the embedded hub only, and this scenario names a target; start that hub with "
                        + "'fleetstorm hub --limit ...' flags instead, or remove target"));
    }
}
