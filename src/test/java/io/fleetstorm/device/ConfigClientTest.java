package io.fleetstorm.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.device.MqttFrames.Sent;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Remote configuration on an {@code EmbeddedChannel} (addendum section 13): the C SDK's get on
 * {@code $config/operation} at QoS 0 and its subscription at QoS 0, the Java SDK's on {@code $config/report} at QoS 1;
 * the reply's latency, result 1001 as an error, one outstanding get, and pushes timed from their mark.
 */
class ConfigClientTest {

    private static final DeviceId ID = new DeviceId("CONFIG0001", "dev1");
    private static final byte[] PSK = Base64.getDecoder().decode("MTIzNDU2Nzg5MGFiY2RlZg==");
    private static final String RESULT = "$config/operation/result/CONFIG0001/dev1";

    private static VirtualDevice connected(FakeDeviceHost host, DeviceProfile.Dialect dialect) {
        DeviceProfile profile = new DeviceProfile(0, ID.productId(), SignMethod.HMACSHA256, SdkAppId.C_SDK,
                DeviceProfile.ExpiryStyle.C_SDK_NEVER, 0, 240, true,
                List.of(DeviceProfile.Subscription.CONFIG_RESULT), false, false, DeviceProfile.ShadowVersion.NONE,
                DeviceProfile.Timeouts.SDK_DEFAULTS, 10, new DeviceProfile.Backoff(1_000, 2_000, 60_000, 60_000),
                dialect, false);
        VirtualDevice d = new VirtualDevice(host, profile, ID, PSK, null);
        d.connect(host.nanoTime());
        host.sent();
        host.receive(MqttFrames.CONNACK_OK);
        assertThat(MqttFrames.decode(host.sent())).containsExactly(new Sent("SUBSCRIBE", RESULT,
                dialect == DeviceProfile.Dialect.JAVA_SDK ? 1 : 0, 1, null));
        host.receive(MqttFrames.suback(1, 0));
        return d;
    }

    @Test
    void aCDeviceGetsOnTheOperationTopicAtQos0AndTheReplyIsTimed() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = connected(host, DeviceProfile.Dialect.C_SDK);
        assertThat(d.features().configGet(host.nanoTime())).isTrue();
        assertThat(d.features().configGet(host.nanoTime())).as("one get at a time: no token tells replies apart")
                .isFalse();
        assertThat(MqttFrames.decode(host.sent())).containsExactly(new Sent("PUBLISH",
                "$config/operation/CONFIG0001/dev1", 0, 0, "{\"type\":\"get\"}"));
        host.advanceMillis(7);
        host.receive(MqttFrames.publish(RESULT, "{\"type\":\"reply\",\"result\":0,\"payload\":{\"mode\":1}}", 0, 0));
        assertThat(host.latencies().get("config-get").corrected().getMaxValue() / 1_000_000).isBetween(6L, 8L);
        assertThat(d.features().configGet(host.nanoTime())).isTrue();
    }

    @Test
    void aJavaDeviceGetsOnTheReportTopicAtQos1AndResult1001IsAnError() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = connected(host, DeviceProfile.Dialect.JAVA_SDK);
        d.features().configGet(host.nanoTime());
        assertThat(MqttFrames.decode(host.sent())).containsExactly(new Sent("PUBLISH",
                "$config/report/CONFIG0001/dev1", 1, 2, "{\"type\":\"get\"}"));
        host.receive(MqttFrames.publish(RESULT, "{\"type\":\"reply\",\"result\":1001,\"payload\":{}}", 1, 9));
        assertThat(host.errors()).containsExactlyEntriesOf(Map.of("config/result_1001", 1L));
        assertThat(host.latencies()).doesNotContainKey("config-get");
    }

    @Test
    void aPushOfThisProcessIsTimedFromItsMarkAndAForeignOneOnlyReceived() {
        FakeDeviceHost host = new FakeDeviceHost();
        connected(host, DeviceProfile.Dialect.C_SDK);
        long intended = host.nanoTime();
        long sent = intended + 2_000_000;
        host.advanceMillis(15);
        host.receive(MqttFrames.publish(RESULT, "{\"type\":\"push\",\"result\":0,\"payload\":"
                + ConfigPushMark.config(3, intended, sent).encode() + "}", 0, 0));
        host.receive(MqttFrames.publish(RESULT, "{\"type\":\"push\",\"result\":0,\"payload\":{\"fleetstorm\":{"
                + "\"origin\":\"another\",\"push\":1,\"intendedNanos\":1,\"sentNanos\":1}}}", 0, 0));
        var push = host.latencies().get("config-push");
        assertThat(push.corrected().getTotalCount()).isEqualTo(1);
        assertThat(push.corrected().getMaxValue() / 1_000_000).isBetween(14L, 16L);
        assertThat(push.service().getMaxValue() / 1_000_000).isBetween(12L, 14L);
        assertThat(host.counters()).containsEntry("messages-received/downlink", 2L);
    }

    @Test
    void anUnansweredGetTimesOutAfterTheCommandTimeout() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = connected(host, DeviceProfile.Dialect.C_SDK);
        d.features().configGet(host.nanoTime());
        host.advanceMillis(5_001);
        d.sweep(host.nanoTime());
        assertThat(host.errors()).containsExactlyEntriesOf(Map.of("timeout/config-get", 1L));
        assertThat(d.inFlight()).isZero();
    }

    @Test
    void aRegisteringDeviceDoesNotConnectBeforeItsPskCameAndSignsWithItAfter() {
        FakeDeviceHost host = new FakeDeviceHost();
        DeviceProfile profile = new DeviceProfile(0, ID.productId(), SignMethod.HMACSHA256, SdkAppId.C_SDK,
                DeviceProfile.ExpiryStyle.C_SDK_NEVER, 0, 240, true, List.of(), false, false,
                DeviceProfile.ShadowVersion.NONE, DeviceProfile.Timeouts.SDK_DEFAULTS, 10,
                new DeviceProfile.Backoff(1_000, 2_000, 60_000, 60_000));
        VirtualDevice d = new VirtualDevice(host, profile, ID, null, null);
        d.connect(host.nanoTime());
        assertThat(d.state()).isEqualTo(VirtualDevice.State.IDLE);
        assertThat(host.channels).isEmpty();
        assertThat(host.errors()).containsExactlyEntriesOf(Map.of("connect/not_registered", 1L));
        assertThat(d.neverConnected()).isTrue();

        d.registered(PSK);
        d.connect(host.nanoTime());
        host.sent();
        host.receive(MqttFrames.CONNACK_OK);
        assertThat(d.isReady()).isTrue();
        assertThat(d.neverConnected()).isFalse();
    }
}
