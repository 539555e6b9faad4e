package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {
    private static final DeviceId DEV = new DeviceId("1A17RZR3XX", "dev001");

    @Test
    void templatesOfTheDefaultTable() {
        assertThat(Topics.control(DEV)).isEqualTo("1A17RZR3XX/dev001/control");
        assertThat(Topics.event(DEV)).isEqualTo("1A17RZR3XX/dev001/event");
        assertThat(Topics.data(DEV)).isEqualTo("1A17RZR3XX/dev001/data");
        assertThat(Topics.custom(DEV, "telemetry")).isEqualTo("1A17RZR3XX/dev001/telemetry");
        assertThat(Topics.shadowOperation(DEV)).isEqualTo("$shadow/operation/1A17RZR3XX/dev001");
        assertThat(Topics.shadowResult(DEV)).isEqualTo("$shadow/operation/result/1A17RZR3XX/dev001");
        assertThat(Topics.otaReport(DEV)).isEqualTo("$ota/report/1A17RZR3XX/dev001");
        assertThat(Topics.otaUpdate(DEV)).isEqualTo("$ota/update/1A17RZR3XX/dev001");
        assertThat(Topics.sysOperation(DEV)).isEqualTo("$sys/operation/1A17RZR3XX/dev001");
        assertThat(Topics.sysResult(DEV)).isEqualTo("$sys/operation/result/1A17RZR3XX/dev001");
        assertThat(Topics.broadcast(DEV)).isEqualTo("$broadcast/rxd/1A17RZR3XX/dev001");
        assertThat(Topics.rrpcRequest(DEV, "42")).isEqualTo("$rrpc/rxd/1A17RZR3XX/dev001/42");
        assertThat(Topics.rrpcRequestFilter(DEV)).isEqualTo("$rrpc/rxd/1A17RZR3XX/dev001/+");
        assertThat(Topics.rrpcReply(DEV, "42")).isEqualTo("$rrpc/txd/1A17RZR3XX/dev001/42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/+", "#"})
    void customNamesMustBeConcrete(String name) {
        assertThatThrownBy(() -> Topics.custom(DEV, name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("custom topic name must be non-empty without '+' or '#', but was \"" + name + "\"");
    }

    @ParameterizedTest(name = "{0} -> {1}/{2}")
    @CsvSource({
        "1A17RZR3XX/dev001/control,                  1A17RZR3XX, dev001",
        "1A17RZR3XX/dev001/a/b/c,                    1A17RZR3XX, dev001",
        "$shadow/operation/1A17RZR3XX/dev001,        1A17RZR3XX, dev001",
        "$shadow/operation/result/1A17RZR3XX/dev001, 1A17RZR3XX, dev001",
        "$ota/report/1A17RZR3XX/dev001,              1A17RZR3XX, dev001",
        "$ota/update/1A17RZR3XX/dev001,              1A17RZR3XX, dev001",
        "$sys/operation/1A17RZR3XX/dev001,           1A17RZR3XX, dev001",
        "$sys/operation/result/1A17RZR3XX/dev001,    1A17RZR3XX, dev001",
        "$broadcast/rxd/1A17RZR3XX/dev001,           1A17RZR3XX, dev001",
        "$rrpc/rxd/1A17RZR3XX/dev001/123,            1A17RZR3XX, dev001",
        "$rrpc/txd/1A17RZR3XX/dev001/123,            1A17RZR3XX, dev001",
        "$gateway/operation/1A17RZR3XX/dev001,       1A17RZR3XX, dev001",
        "$gateway/operation/result/1A17RZR3XX/dev001, 1A17RZR3XX, dev001",
        "$config/operation/1A17RZR3XX/dev001,        1A17RZR3XX, dev001",
        "$config/operation/result/1A17RZR3XX/dev001, 1A17RZR3XX, dev001",
        "$config/report/1A17RZR3XX/dev001,           1A17RZR3XX, dev001",
        "$resource/up/service/1A17RZR3XX/dev001,     1A17RZR3XX, dev001",
        "$resource/down/service/1A17RZR3XX/dev001,   1A17RZR3XX, dev001",
    })
    void ownerIsTheDeviceInTheTopic(String topic, String productId, String deviceName) {
        assertThat(Topics.owner(topic)).contains(new DeviceId(productId, deviceName));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1A17RZR3XX/dev001",
        "1A17RZR3XX",
        "bad-pid/dev001/data",
        "1A17RZR3XX/dev 1/data",
        "$sys/time",
        "$shadow/operation/1A17RZR3XX",
        "$unknown/1A17RZR3XX/dev001/x",
        "$SYS/broker/uptime",
        "",
    })
    void noOwnerForSystemWideOrMalformedTopics(String topic) {
        assertThat(Topics.owner(topic)).isEmpty();
    }

    @Test
    void noOwnerForNull() {
        assertThat(Topics.owner(null)).isEmpty();
    }

    @Test
    void shapeWithinLimitsIsFine() {
        assertThat(Topics.checkShape("1A17RZR3XX/dev001/data")).isEmpty();
        assertThat(Topics.checkShape("a".repeat(255))).isEmpty();
        assertThat(Topics.checkShape("1/2/3/4/5/6/7/8/9/10")).isEmpty();
        assertThat(Topics.checkShape("+/+/#")).isEmpty();
    }

    @Test
    void shapeErrors() {
        assertThat(Topics.checkShape("")).contains("topic is empty");
        assertThat(Topics.checkShape(null)).contains("topic is empty");
        assertThat(Topics.checkShape("a\0b")).contains("topic contains a NUL character");
        assertThat(Topics.checkShape("a".repeat(256))).contains("topic is 256 bytes, more than 255");
        // 128 two-byte characters: 128 characters but 256 UTF-8 bytes.
        assertThat(Topics.checkShape("é".repeat(128))).contains("topic is 256 bytes, more than 255");
        assertThat(Topics.checkShape("1/2/3/4/5/6/7/8/9/10/11")).contains("topic has 11 levels, more than 10");
    }

    @org.junit.jupiter.api.Test
    void gatewayConfigAndResourceTemplates() {
        DeviceId d = new DeviceId("1A17RZR3XX", "dev001");
        assertThat(Topics.gatewayOperation(d)).isEqualTo("$gateway/operation/1A17RZR3XX/dev001");
        assertThat(Topics.gatewayResult(d)).isEqualTo("$gateway/operation/result/1A17RZR3XX/dev001");
        assertThat(Topics.configOperation(d)).isEqualTo("$config/operation/1A17RZR3XX/dev001");
        assertThat(Topics.configReport(d)).isEqualTo("$config/report/1A17RZR3XX/dev001");
        assertThat(Topics.configResult(d)).isEqualTo("$config/operation/result/1A17RZR3XX/dev001");
        assertThat(Topics.resourceUp(d)).isEqualTo("$resource/up/service/1A17RZR3XX/dev001");
        assertThat(Topics.resourceDown(d)).isEqualTo("$resource/down/service/1A17RZR3XX/dev001");
        assertThat(Topics.isGatewayOperation(Topics.gatewayOperation(d))).isTrue();
        assertThat(Topics.isGatewayOperation(Topics.gatewayResult(d))).isFalse();
        assertThat(Topics.isConfigRequest(Topics.configOperation(d))).isTrue();
        assertThat(Topics.isConfigRequest(Topics.configReport(d))).isTrue();
        assertThat(Topics.isConfigRequest(Topics.configResult(d))).isFalse();
        assertThat(Topics.isResourceUp(Topics.resourceUp(d))).isTrue();
        assertThat(Topics.isResourceUp(Topics.resourceDown(d))).isFalse();
    }
}
