package io.fleetstorm.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.device.MqttFrames.Sent;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A gateway and its sub-devices on Netty's {@code EmbeddedChannel}, no sockets: the requests of addendum section 11
 * as a C gateway sends them, the bind signature recomputed here from the addendum's rule, answers matched by type and
 * first entry, the sub-device's subscriptions and publishes on the gateway's connection, its measurements under its
 * own group, and the sub-devices brought back after the gateway reconnects.
 */
class GatewayClientTest {

    private static final String GW_PID = "GW00000001";
    private static final String SUB_PID = "SUB0000001";
    private static final DeviceId GW = new DeviceId(GW_PID, "gw1");
    private static final DeviceId S1 = new DeviceId(SUB_PID, "s1");
    private static final DeviceId S2 = new DeviceId(SUB_PID, "s2");
    private static final String SUB_PSK = "bXlkZXZpY2Vwc2s=";
    private static final byte[] GW_PSK = Base64.getDecoder().decode("MTIzNDU2Nzg5MGFiY2RlZg==");
    private static final DeviceProfile.Backoff BACKOFF = new DeviceProfile.Backoff(1_000, 2_000, 60_000, 60_000);
    private static final String RESULT_TOPIC = "$gateway/operation/result/GW00000001/gw1";
    private static final String UP_TOPIC = "$gateway/operation/GW00000001/gw1";

    private static DeviceProfile gatewayProfile(DeviceProfile.Dialect dialect) {
        return new DeviceProfile(0, GW_PID, SignMethod.HMACSHA256, SdkAppId.C_SDK,
                DeviceProfile.ExpiryStyle.C_SDK_NEVER, 0, 240, true,
                List.of(DeviceProfile.Subscription.GATEWAY_RESULT), false, false, DeviceProfile.ShadowVersion.NONE,
                DeviceProfile.Timeouts.SDK_DEFAULTS, 10, BACKOFF, dialect, true);
    }

    private static final DeviceProfile SUB_PROFILE = new DeviceProfile(1, SUB_PID, SignMethod.HMACSHA256,
            SdkAppId.C_SDK, DeviceProfile.ExpiryStyle.C_SDK_NEVER, 0, 240, true,
            List.of(DeviceProfile.Subscription.SHADOW_RESULT), false, false, DeviceProfile.ShadowVersion.NONE,
            DeviceProfile.Timeouts.SDK_DEFAULTS, 10, BACKOFF, DeviceProfile.Dialect.C_SDK, false);

    /** Connects the gateway: CONNECT, then SUBSCRIBE of its result topic at QoS 1, answered. */
    private static VirtualDevice connectedGateway(FakeDeviceHost host, DeviceProfile.Dialect dialect) {
        VirtualDevice gw = new VirtualDevice(host, gatewayProfile(dialect), GW, GW_PSK, null);
        gw.connect(host.nanoTime());
        host.sent();
        host.receive(MqttFrames.CONNACK_OK);
        List<Sent> sent = MqttFrames.decode(host.sent());
        assertThat(sent).containsExactly(new Sent("SUBSCRIBE", RESULT_TOPIC, 1, 1, null));
        host.receive(MqttFrames.suback(1, 1));
        assertThat(gw.isReady()).isTrue();
        return gw;
    }

    private static String answer(String type, DeviceId sub, int result) {
        return "{\"type\":\"" + type + "\",\"payload\":{\"devices\":[{\"product_id\":\"" + sub.productId()
                + "\",\"device_name\":\"" + sub.deviceName() + "\",\"result\":" + result + "}]}}";
    }

    /** Brings a sub-device online: the online request, its answer, the SUBSCRIBE of its shadow topic, the SUBACK. */
    private static void online(FakeDeviceHost host, SubDevice sub, int packetId) {
        assertThat(sub.online(host.nanoTime())).isTrue();
        assertThat(MqttFrames.decode(host.sent())).containsExactly(new Sent("PUBLISH", UP_TOPIC, 0, 0,
                "{\"type\":\"online\",\"payload\":{\"devices\":[{\"product_id\":\"SUB0000001\",\"device_name\":\""
                        + sub.id().deviceName() + "\"}]}}"));
        host.receive(MqttFrames.publish(RESULT_TOPIC, answer("online", sub.id(), 0), 0, 0));
        assertThat(MqttFrames.decode(host.sent())).containsExactly(new Sent("SUBSCRIBE",
                "$shadow/operation/result/SUB0000001/" + sub.id().deviceName(), 0, packetId, null));
        host.receive(MqttFrames.suback(packetId, 0));
        assertThat(sub.isReady()).isTrue();
    }

    @Test
    void aCGatewayBindsWithTheAddendumsSignatureAndTheAnswerIsTheSubDevicesMeasurement() throws Exception {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice gw = connectedGateway(host, DeviceProfile.Dialect.C_SDK);
        SubDevice s1 = new SubDevice(SUB_PROFILE, S1, SUB_PSK, gw).attach();

        assertThat(s1.bind(host.nanoTime())).isTrue();
        List<Sent> sent = MqttFrames.decode(host.sent());
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).topic()).isEqualTo(UP_TOPIC);
        assertThat(sent.get(0).qos()).as("C: requests at QoS 0").isZero();
        JsonObject entry = new JsonObject(sent.get(0).payload()).getJsonObject("payload").getJsonArray("devices")
                .getJsonObject(0);
        long random = entry.getLong("random");
        long timestamp = entry.getLong("timestamp");
        assertThat(timestamp).isEqualTo(host.epochMillis() / 1000);
        assertThat(random).as("C: rand()").isBetween(0L, (1L << 31) - 1);
        // addendum 11: base64(HMAC-SHA1(key = the ASCII of the base64 PSK, "${SUB_PID}${SUB_DN};random;timestamp"))
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SUB_PSK.getBytes(StandardCharsets.US_ASCII), "HmacSHA1"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(("SUB0000001s1;" + random + ";" + timestamp)
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(sent.get(0).payload()).isEqualTo("{\"type\":\"bind\",\"payload\":{\"devices\":[{\"product_id\":"
                + "\"SUB0000001\",\"device_name\":\"s1\",\"signature\":\"" + expected + "\",\"random\":" + random
                + ",\"timestamp\":" + timestamp + ",\"signmethod\":\"hmacsha1\",\"authtype\":\"psk\"}]}}");

        host.advanceMillis(30);
        host.receive(MqttFrames.publish(RESULT_TOPIC, answer("bind", S1, 0), 0, 0));
        var bind = host.latenciesByGroup().get("g1/subdevice-bind");
        assertThat(bind.corrected().getTotalCount()).isEqualTo(1);
        assertThat(bind.corrected().getMaxValue() / 1_000_000).isBetween(29L, 31L);
        assertThat(host.latenciesByGroup()).doesNotContainKey("g0/subdevice-bind");
    }

    @Test
    void alreadyBoundHereIsSuccessAndEveryOtherResultIsAnErrorOfTheSubDevicesGroup() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice gw = connectedGateway(host, DeviceProfile.Dialect.C_SDK);
        SubDevice s1 = new SubDevice(SUB_PROFILE, S1, SUB_PSK, gw).attach();
        SubDevice s2 = new SubDevice(SUB_PROFILE, S2, SUB_PSK, gw).attach();
        s1.bind(host.nanoTime());
        s2.bind(host.nanoTime());
        host.sent();
        host.receive(MqttFrames.publish(RESULT_TOPIC, answer("bind", S2, 806), 0, 0));
        host.receive(MqttFrames.publish(RESULT_TOPIC, answer("bind", S1, 809), 0, 0));

        assertThat(host.latenciesByGroup().get("g1/subdevice-bind").corrected().getTotalCount()).isEqualTo(1);
        assertThat(host.errors()).containsExactlyEntriesOf(java.util.Map.of("gateway/bind_806", 1L));

        s2.online(host.nanoTime());
        host.sent();
        host.receive(MqttFrames.publish(RESULT_TOPIC, answer("online", S2, -1), 0, 0));
        assertThat(s2.state()).isEqualTo(SubDevice.State.OFFLINE);
        assertThat(host.errors()).containsEntry("gateway/online_-1", 1L);
    }

    @Test
    void anOnlineSubDeviceSubscribesAndPublishesOnTheGatewaysConnectionUnderItsOwnGroup() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice gw = connectedGateway(host, DeviceProfile.Dialect.C_SDK);
        SubDevice s1 = new SubDevice(SUB_PROFILE, S1, SUB_PSK, gw).attach();
        online(host, s1, 2);
        assertThat(host.subDeviceEvents).containsExactly("s1 ready");
        assertThat(host.latenciesByGroup()).containsKeys("g1/subdevice-online", "g1/subscribe");
        assertThat(host.counters()).containsEntry("devices-connected-once/", 1L)
                .containsEntry("sockets-connected-once/", 1L);

        assertThat(s1.publish("SUB0000001/s1/event", "{\"t\":1}".getBytes(StandardCharsets.UTF_8), 1, "telemetry",
                host.nanoTime())).isTrue();
        assertThat(MqttFrames.decode(host.sent())).containsExactly(new Sent("PUBLISH", "SUB0000001/s1/event", 1, 3,
                "{\"t\":1}"));
        host.advanceMillis(12);
        host.receive(MqttFrames.puback(3));
        assertThat(host.latenciesByGroup().get("g1/publish-ack").corrected().getMaxValue() / 1_000_000)
                .isBetween(11L, 13L);

        assertThat(s1.features().shadowGet(host.nanoTime())).isTrue();
        assertThat(MqttFrames.decode(host.sent())).containsExactly(new Sent("PUBLISH",
                "$shadow/operation/SUB0000001/s1", 0, 0, "{\"type\":\"get\", \"clientToken\":\"SUB0000001-0\"}"));
        host.receive(MqttFrames.publish("$shadow/operation/result/SUB0000001/s1", "{\"clientToken\":\"SUB0000001-0\","
                + "\"payload\":{\"state\":{\"reported\":{}},\"timestamp\":1,\"version\":0},\"result\":0,"
                + "\"timestamp\":1,\"type\":\"get\"}", 0, 0));
        assertThat(host.latenciesByGroup()).containsKey("g1/shadow-get");
        assertThat(host.errors()).isEmpty();
    }

    @Test
    void afterAReconnectACGatewaySendsOfflineThenOnlineForEachSubDevicePacedWithinTheHubsQuota() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice gw = connectedGateway(host, DeviceProfile.Dialect.C_SDK);
        SubDevice s1 = new SubDevice(SUB_PROFILE, S1, SUB_PSK, gw).attach();
        SubDevice s2 = new SubDevice(SUB_PROFILE, S2, SUB_PSK, gw).attach();
        online(host, s1, 2);
        online(host, s2, 3);

        host.channel().close(); // the hub closes the gateway's connection
        assertThat(s1.isReady()).isFalse();
        assertThat(host.subDeviceEvents).endsWith("s1 gone", "s2 gone");
        FakeDeviceHost.Reconnect r = host.reconnects().get(0);
        host.advanceMillis((r.atNanos() - host.nanoTime()) / 1_000_000);
        gw.reconnectDue(r.atNanos());
        host.sent();
        host.receive(MqttFrames.CONNACK_OK);
        host.sent();
        host.receive(MqttFrames.suback(4, 1));

        assertThat(MqttFrames.decode(host.sent())).as("s1 at once: offline first (its SDK still believes it online)")
                .containsExactly(
                        new Sent("PUBLISH", UP_TOPIC, 0, 0, "{\"type\":\"offline\",\"payload\":{\"devices\":[{"
                                + "\"product_id\":\"SUB0000001\",\"device_name\":\"s1\"}]}}"),
                        new Sent("PUBLISH", UP_TOPIC, 0, 0, "{\"type\":\"online\",\"payload\":{\"devices\":[{"
                                + "\"product_id\":\"SUB0000001\",\"device_name\":\"s1\"}]}}"));
        host.advanceMillis(79);
        assertThat(MqttFrames.decode(host.sent())).as("s2 not before 80 ms (25 requests a second)").isEmpty();
        host.advanceMillis(1);
        assertThat(MqttFrames.decode(host.sent())).extracting(Sent::payload).containsExactly(
                "{\"type\":\"offline\",\"payload\":{\"devices\":[{\"product_id\":\"SUB0000001\",\"device_name\":"
                        + "\"s2\"}]}}",
                "{\"type\":\"online\",\"payload\":{\"devices\":[{\"product_id\":\"SUB0000001\",\"device_name\":"
                        + "\"s2\"}]}}");
        host.receive(MqttFrames.publish(RESULT_TOPIC, answer("offline", S1, 0), 0, 0)); // not measured
        host.receive(MqttFrames.publish(RESULT_TOPIC, answer("online", S1, 0), 0, 0));
        assertThat(MqttFrames.decode(host.sent())).containsExactly(new Sent("SUBSCRIBE",
                "$shadow/operation/result/SUB0000001/s1", 0, 5, null));
        host.receive(MqttFrames.suback(5, 0));
        assertThat(s1.isReady()).isTrue();
        assertThat(host.latenciesByGroup().get("g1/subdevice-offline")).isNull();
        assertThat(host.latenciesByGroup().get("g1/subdevice-online").corrected().getTotalCount()).isEqualTo(3);
        assertThat(host.errors()).as("a closed link is a disconnect; its sub-devices had nothing in flight").isEmpty();
        assertThat(host.counters()).containsEntry("disconnects/lost", 1L);
    }

    @Test
    void aJavaGatewaySignsWithHmacSha256AndARandomBelowAMillionAndReOnlinesWithoutOffline() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice gw = connectedGateway(host, DeviceProfile.Dialect.JAVA_SDK);
        SubDevice s1 = new SubDevice(SUB_PROFILE, S1, SUB_PSK, gw).attach();
        s1.bind(host.nanoTime());
        JsonObject entry = new JsonObject(MqttFrames.decode(host.sent()).get(0).payload()).getJsonObject("payload")
                .getJsonArray("devices").getJsonObject(0);
        assertThat(entry.getString("signmethod")).isEqualTo("hmacsha256");
        assertThat(entry.getLong("random")).isBetween(0L, 999_998L);

        online(host, s1, 2);
        host.channel().close();
        FakeDeviceHost.Reconnect r = host.reconnects().get(0);
        host.advanceMillis((r.atNanos() - host.nanoTime()) / 1_000_000);
        gw.reconnectDue(r.atNanos());
        host.sent();
        host.receive(MqttFrames.CONNACK_OK);
        host.sent();
        host.receive(MqttFrames.suback(3, 1));
        assertThat(MqttFrames.decode(host.sent())).extracting(Sent::payload).containsExactly(
                "{\"type\":\"online\",\"payload\":{\"devices\":[{\"product_id\":\"SUB0000001\",\"device_name\":"
                        + "\"s1\"}]}}");
    }

    @Test
    void theGatewayAcknowledgesChangeNoticesAsTheCSdkDoes() {
        FakeDeviceHost host = new FakeDeviceHost();
        connectedGateway(host, DeviceProfile.Dialect.C_SDK);
        host.receive(MqttFrames.publish(RESULT_TOPIC, "{\"type\":\"change\",\"payload\":{\"status\":1,\"devices\":[{"
                + "\"product_id\":\"SUB0000001\",\"device_name\":\"s9\"}]}}", 1, 7));
        List<Sent> sent = MqttFrames.decode(host.sent());
        assertThat(sent).containsExactly(new Sent("PUBACK", null, 0, 0, null), new Sent("PUBLISH", UP_TOPIC, 0, 0,
                "{\"type\":\"change\", \"payload\":{\"status\":1, \"devices\":[{\"product_id\":\"SUB0000001\","
                        + "\"device_name\":\"s9\",\"result\":0}]}}"));
    }

    @Test
    void anUnansweredRequestTimesOutAfterTheCSdksTwentySecondsAsTheSubDevicesError() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice gw = connectedGateway(host, DeviceProfile.Dialect.C_SDK);
        SubDevice s1 = new SubDevice(SUB_PROFILE, S1, SUB_PSK, gw).attach();
        s1.online(host.nanoTime());
        host.sent();
        assertThat(gw.inFlight()).isEqualTo(1);
        host.advanceMillis(19_999);
        gw.sweep(host.nanoTime());
        assertThat(host.errors()).isEmpty();
        host.advanceMillis(2);
        gw.sweep(host.nanoTime());
        assertThat(host.errors()).containsExactlyEntriesOf(java.util.Map.of("timeout/subdevice-online", 1L));
        assertThat(s1.state()).isEqualTo(SubDevice.State.OFFLINE);
        assertThat(gw.inFlight()).isZero();
    }
}
