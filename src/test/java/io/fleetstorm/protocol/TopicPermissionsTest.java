package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicPermissionsTest {
    private static final DeviceId ME = new DeviceId("1A17RZR3XX", "dev001");
    private static final DeviceId OTHER_NAME = new DeviceId("1A17RZR3XX", "dev002");
    private static final DeviceId OTHER_PRODUCT = new DeviceId("Q7X9Z2KLMN", "dev001");
    private static final TopicPermissions PERMS = new TopicPermissions(ME,
            Map.of("telemetry", Access.BOTH, "cmd", Access.SUBSCRIBE, "up", Access.PUBLISH, "a/b", Access.BOTH));

    /** The default table of section 3: topic for a device, may publish, may subscribe. */
    static Stream<Arguments> defaultTable() {
        return Stream.of(
                row("control", Topics::control, false, true),
                row("event", Topics::event, true, false),
                row("data", Topics::data, true, true),
                row("shadow operation", Topics::shadowOperation, true, false),
                row("shadow result", Topics::shadowResult, false, true),
                row("ota report", Topics::otaReport, true, false),
                row("ota update", Topics::otaUpdate, false, true),
                row("sys operation", Topics::sysOperation, true, false),
                row("sys result", Topics::sysResult, false, true),
                row("broadcast", Topics::broadcast, false, true),
                row("rrpc request filter", Topics::rrpcRequestFilter, false, true),
                row("rrpc request", d -> Topics.rrpcRequest(d, "7"), false, true),
                row("rrpc reply", d -> Topics.rrpcReply(d, "7"), true, false),
                row("config operation", Topics::configOperation, true, false),
                row("config report", Topics::configReport, true, false),
                row("config result", Topics::configResult, false, true),
                row("config update (older docs)", Topics::configUpdate, false, true),
                row("resource up", Topics::resourceUp, true, false),
                row("resource down", Topics::resourceDown, false, true),
                row("gateway operation (not a gateway)", Topics::gatewayOperation, false, false),
                row("gateway result (not a gateway)", Topics::gatewayResult, false, false),
                row("custom both", d -> Topics.custom(d, "telemetry"), true, true),
                row("custom subscribe", d -> Topics.custom(d, "cmd"), false, true),
                row("custom publish", d -> Topics.custom(d, "up"), true, false),
                row("custom multi-level", d -> Topics.custom(d, "a/b"), true, true),
                row("undeclared custom", d -> Topics.custom(d, "nope"), false, false));
    }

    private static Arguments row(String name, Function<DeviceId, String> topic, boolean pub, boolean sub) {
        return Arguments.of(name, topic, pub, sub);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaultTable")
    void ownTopicsOnlyInTheAllowedDirection(String name, Function<DeviceId, String> topic, boolean pub, boolean sub) {
        String t = topic.apply(ME);
        assertThat(PERMS.canPublish(t)).as("publish %s", t).isEqualTo(pub);
        assertThat(PERMS.canSubscribe(t)).as("subscribe %s", t).isEqualTo(sub);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaultTable")
    void anotherDevicesTopicsNeverInEitherDirection(String name, Function<DeviceId, String> topic) {
        for (DeviceId other : new DeviceId[] {OTHER_NAME, OTHER_PRODUCT}) {
            String t = topic.apply(other);
            assertThat(PERMS.canPublish(t)).as("publish %s", t).isFalse();
            assertThat(PERMS.canSubscribe(t)).as("subscribe %s", t).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "#",
        "+/+/control",
        "1A17RZR3XX/#",
        "1A17RZR3XX/+/control",
        "1A17RZR3XX/dev001/#",
        "1A17RZR3XX/dev001/+",
        "$shadow/operation/result/1A17RZR3XX/+",
        "$shadow/operation/result/#",
        "$rrpc/rxd/1A17RZR3XX/dev001/#",
        "$rrpc/rxd/1A17RZR3XX/+/+",
        "$share/g/1A17RZR3XX/dev001/control",
    })
    void wildcardsAndSharedSubscriptionsAreRefused(String filter) {
        assertThat(PERMS.canSubscribe(filter)).isFalse();
        assertThat(PERMS.canPublish(filter)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "$rrpc/txd/1A17RZR3XX/dev001/",
        "$rrpc/txd/1A17RZR3XX/dev001/1/2",
        "$rrpc/txd/1A17RZR3XX/dev001/+",
        "$rrpc/txd/1A17RZR3XX/dev001",
        "$rrpc/rxd/1A17RZR3XX/dev001/7",
    })
    void rrpcRepliesNeedExactlyOneConcreteProcessId(String topic) {
        assertThat(PERMS.canPublish(topic)).isFalse();
    }

    @Test
    void rrpcRequestsSubscribeOnlyToOwnRequests() {
        assertThat(PERMS.canSubscribe("$rrpc/rxd/1A17RZR3XX/dev001/+")).isTrue();
        assertThat(PERMS.canSubscribe("$rrpc/rxd/1A17RZR3XX/dev001/123")).isTrue();
        assertThat(PERMS.canSubscribe("$rrpc/rxd/1A17RZR3XX/dev001/")).isFalse();
        assertThat(PERMS.canSubscribe("$rrpc/rxd/1A17RZR3XX/dev001/1/2")).isFalse();
        assertThat(PERMS.canSubscribe("$rrpc/txd/1A17RZR3XX/dev001/123")).isFalse();
    }

    @Test
    void oversizedOrMalformedTopicsAreRefused() {
        String longTopic = "1A17RZR3XX/dev001/" + "x".repeat(250);
        TopicPermissions perms = new TopicPermissions(ME, Map.of("x".repeat(250), Access.BOTH));
        assertThat(perms.canPublish(longTopic)).isFalse();
        assertThat(perms.canSubscribe(longTopic)).isFalse();
        assertThat(PERMS.canPublish("")).isFalse();
        assertThat(PERMS.canSubscribe(null)).isFalse();
        assertThat(PERMS.canPublish("1A17RZR3XX/dev001/event\0")).isFalse();
    }

    @Test
    void defaultsHaveNoCustomTopics() {
        TopicPermissions defaults = TopicPermissions.defaults(ME);
        assertThat(defaults.device()).isEqualTo(ME);
        assertThat(defaults.canPublish(Topics.custom(ME, "telemetry"))).isFalse();
        assertThat(defaults.canSubscribe(Topics.custom(ME, "telemetry"))).isFalse();
        assertThat(defaults.canPublish(Topics.event(ME))).isTrue();
    }

    @Test
    void customClassesOnlyWidenTheDefaults() {
        TopicPermissions perms = new TopicPermissions(ME, Map.of("control", Access.BOTH, "event", Access.SUBSCRIBE));
        assertThat(perms.canPublish(Topics.control(ME))).isTrue();
        assertThat(perms.canSubscribe(Topics.control(ME))).isTrue();
        assertThat(perms.canPublish(Topics.event(ME))).isTrue();
        assertThat(perms.canSubscribe(Topics.event(ME))).isTrue();
    }

    @Test
    void aGatewayMayUseItsOwnGatewayTopicsOnly() {
        TopicPermissions gateway = new TopicPermissions(ME, Map.of(), true);
        assertThat(gateway.canPublish("$gateway/operation/1A17RZR3XX/dev001")).isTrue();
        assertThat(gateway.canSubscribe("$gateway/operation/result/1A17RZR3XX/dev001")).isTrue();
        assertThat(gateway.canSubscribe("$gateway/operation/1A17RZR3XX/dev001")).isFalse();
        assertThat(gateway.canPublish("$gateway/operation/result/1A17RZR3XX/dev001")).isFalse();
        assertThat(gateway.canPublish(Topics.gatewayOperation(OTHER_NAME))).isFalse();
        assertThat(gateway.canSubscribe(Topics.gatewayResult(OTHER_NAME))).isFalse();
        assertThat(gateway.canSubscribe("$gateway/operation/result/1A17RZR3XX/+")).isFalse();
        assertThat(gateway.canPublish(Topics.event(ME))).isTrue();
    }
}
