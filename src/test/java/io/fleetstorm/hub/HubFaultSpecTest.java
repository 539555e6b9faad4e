package io.fleetstorm.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The textual fault forms: what each flag value means, and the exact error for each broken one. */
class HubFaultSpecTest {

    private static final String OPS = "connect, publish, puback, subscribe, shadow, api";
    private static final String DELAY_RULE = "must be a delay like 3ms, uniform:1ms:5ms or lognormal:2ms:20ms "
            + "(median:p99)";
    private static final String RATE_RULE = "must be a rate like 2000/s, 2k/s or 120/m";
    private static final String WINDOW_RULE = "must be a window like 10s-40s or 30s- (time since the hub started)";

    private static HubFaults parse(String flag, String value, List<String> errors) {
        HubFaults.Builder b = HubFaults.builder();
        HubFaultSpec.flag(b, flag, value, errors);
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--limit      | publish=2000/s            | limit publish=2000/s (queue 10000)",
        "--limit      | publish=2k/s              | limit publish=2000/s (queue 10000)",
        "--limit      | connect=300/s@10s-40s     | limit connect=300/s@10s-40s (queue 10000)",
        "--limit      | api=120/m                 | limit api=2/s (queue 10000)",
        "--limit      | shadow=0.5/s@30s-         | limit shadow=0.5/s@30s- (queue 10000)",
        "--limit      | ' subscribe = 1.5k/s '    | limit subscribe=1500/s (queue 10000)",
        "--delay      | puback=3ms                | delay puback=3ms",
        "--delay      | puback=1.5ms              | delay puback=1500us",
        "--delay      | connect=uniform:1ms:5ms   | delay connect=uniform:1ms:5ms",
        "--delay      | puback=lognormal:2ms:20ms | delay puback=lognormal:2ms:20ms",
        "--delay      | shadow=LogNormal:1s:2s@-5s| delay shadow=lognormal:1s:2s@0s-5s",
        "--refuse     | connect=10%               | refuse connect=10%",
        "--refuse     | connect=0.5%@1m-2m        | refuse connect=0.5%@1m-2m",
        "--refuse     | api=5%                    | refuse api=5%:RequestLimitExceeded",
        "--refuse     | api=5%:InternalError      | refuse api=5%:InternalError",
        "--disconnect | 5/s                       | disconnect 5/s",
        "--disconnect | 30/m@10s-20s              | disconnect 0.5/s@10s-20s",
        "--stall      | 500ms/10s                 | stall 500ms/10s",
        "--stall      | 1s/1m@2m-                 | stall 1s/1m@2m-",
    })
    void aValidFlagMeansWhatItSays(String flag, String value, String described) {
        List<String> errors = new ArrayList<>();
        HubFaults faults = parse(flag, value, errors);
        assertThat(errors).isEmpty();
        assertThat(faults.describe()).containsExactly(described);
    }

    static Stream<Arguments> brokenFlags() {
        return Stream.of(
                Arguments.of("--limit", "publish=2000/x",
                        "--limit publish " + RATE_RULE + ", but was '2000/x'"),
                Arguments.of("--limit", "publish=0/s",
                        "--limit publish: a limit of publish must be > 0/s and at most 10000000/s, but was 0/s"),
                Arguments.of("--limit", "publish=20M/s",
                        "--limit publish: a limit of publish must be > 0/s and at most 10000000/s, but was 20000000/s"),
                Arguments.of("--limit", "pubish=2000/s",
                        "--limit pubish: unknown operation 'pubish'; expected one of " + OPS),
                Arguments.of("--limit", "2000/s",
                        "--limit must be OP=VALUE with OP one of " + OPS + ", but was '2000/s'"),
                Arguments.of("--limit", "publish=",
                        "--limit publish must not be empty"),
                Arguments.of("--limit", "publish=2000/s@40s-10s",
                        "--limit publish (its @window) must end after it starts, but was '40s-10s'"),
                Arguments.of("--limit", "publish=2000/s@soon",
                        "--limit publish (its @window) " + WINDOW_RULE + ", but was 'soon'"),
                Arguments.of("--delay", "puback=3",
                        "--delay puback " + DELAY_RULE + ", but was '3'"),
                Arguments.of("--delay", "puback=lognormal:20ms:2ms",
                        "--delay puback: a log-normal delay's p99 must be above its median"
                                + ", but was lognormal:20ms:2ms"),
                Arguments.of("--delay", "puback=uniform:5ms:1ms",
                        "--delay puback: a uniform delay's maximum must not be below its minimum"
                                + ", but was uniform:5ms:1ms"),
                Arguments.of("--delay", "puback=11m",
                        "--delay puback: a fixed delay must be 0..10m, but was 11m"),
                Arguments.of("--delay", "puback=99999999999999999999h",
                        "--delay puback " + DELAY_RULE + ", but was '99999999999999999999h'"),
                Arguments.of("--refuse", "connect=10",
                        "--refuse connect must be a percentage like 10%, but was '10'"),
                Arguments.of("--refuse", "connect=110%",
                        "--refuse connect: a refusal ratio of connect must be 0%..100%, but was 110%"),
                Arguments.of("--refuse", "connect=10%:Busy",
                        "--refuse connect: only api refusals take an error code, but connect was given 'Busy'"),
                Arguments.of("--refuse", "api=10%:not a code",
                        "--refuse api: an api error code must look like RequestLimitExceeded or FailedOperation.Busy"
                                + ", but was 'not a code'"),
                Arguments.of("--disconnect", "often",
                        "--disconnect " + RATE_RULE + ", but was 'often'"),
                Arguments.of("--stall", "500ms",
                        "--stall must be DURATION/PERIOD like 500ms/10s (stop reading for 500ms every 10s)"
                                + ", but was '500ms'"),
                Arguments.of("--stall", "10s/5s",
                        "--stall: a stall must last 1ms or more and less than its period, and the period must be "
                                + "at most 1h, but was 10s/5s"),
                Arguments.of("--fault-window", "40s",
                        "--fault-window " + WINDOW_RULE + ", but was '40s'"),
                Arguments.of("--fault-queue", "-5",
                        "--fault-queue: the fault queue capacity must be 1..10000000, but was -5"),
                Arguments.of("--fault-queue", "lots",
                        "--fault-queue must be a whole number of operations (1..10000000), but was 'lots'")
        );
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokenFlags")
    void aBrokenFlagIsOneErrorNamingTheFlagTheRuleAndTheValue(String flag, String value, String error) {
        List<String> errors = new ArrayList<>();
        parse(flag, value == null ? "" : value, errors);
        assertThat(errors).containsExactly(error);
    }

    @Test
    void everyErrorIsCollectedAndControlCharactersAreEscaped() {
        List<String> errors = new ArrayList<>();
        HubFaults.Builder b = HubFaults.builder();
        HubFaultSpec.limit(b, "publish", "2000/x", "scenario.yaml:12: hub.limits.publish", errors);
        HubFaultSpec.delay(b, "puback", "3\u0007ms", "scenario.yaml:13: hub.delays.puback", errors);
        HubFaultSpec.refuse(b, "connect", "10%", "scenario.yaml:14: hub.refuse.connect", errors);
        assertThat(errors).containsExactly(
                "scenario.yaml:12: hub.limits.publish must be a rate like 2000/s, 2k/s or 120/m, but was '2000/x'",
                "scenario.yaml:13: hub.delays.puback must be a delay like 3ms, uniform:1ms:5ms or lognormal:2ms:20ms "
                        + "(median:p99), but was '3\\u0007ms'");
        assertThat(b.build().refusals()).containsKey(HubOperation.CONNECT);
    }

    @Test
    void theDefaultWindowAppliesToFaultsWithoutTheirOwn() {
        List<String> errors = new ArrayList<>();
        HubFaults.Builder b = HubFaults.builder();
        HubFaultSpec.flag(b, "--limit", "publish=2000/s", errors);
        HubFaultSpec.flag(b, "--delay", "puback=3ms@1s-2s", errors);
        HubFaultSpec.flag(b, "--fault-window", "10s-40s", errors);
        HubFaultSpec.flag(b, "--fault-queue", "500", errors);
        HubFaults faults = b.build();
        assertThat(errors).isEmpty();
        assertThat(faults.limits().get(HubOperation.PUBLISH).window())
                .isEqualTo(FaultWindow.between(Duration.ofSeconds(10), Duration.ofSeconds(40)));
        assertThat(faults.delays().get(HubOperation.PUBACK).window())
                .isEqualTo(FaultWindow.between(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThat(faults.queueCapacity()).isEqualTo(500);
        assertThat(faults.toString()).isEqualTo("limit publish=2000/s@10s-40s (queue 500), delay puback=3ms@1s-2s");
    }

    @Test
    void theBuilderRejectsWhatTheParserWouldWithTheRule() {
        HubFaults.Builder b = HubFaults.builder();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.limit(HubOperation.PUBLISH, Double.NaN, null))
                .hasMessage("a limit of publish must be > 0/s and at most 10000000/s, but was NaN/s");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FaultWindow(5, 5))
                .hasMessageStartingWith("a fault window must start at 0s or later and end after it starts");
        assertThat(HubFaults.NONE.isEmpty()).isTrue();
        assertThat(HubFaults.NONE.toString()).isEqualTo("no faults");
    }
}
