package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static io.fleetstorm.hub.TestDevices.client;
import static io.fleetstorm.hub.TestDevices.closeQuietly;
import static io.fleetstorm.hub.TestDevices.connect;
import static io.fleetstorm.hub.TestDevices.device;
import static io.fleetstorm.hub.TestDevices.options;
import static io.fleetstorm.hub.TestDevices.password;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.Access;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Topic permissions and the section 10 decisions about PUBLISH and SUBSCRIBE, seen from a Paho device. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubTopicsIT {

    private static final RecordingHubEvents EVENTS = new RecordingHubEvents();
    private static final DeviceId ME = device("me-01");
    private static final DeviceId OTHER = device("other-01");
    private static Hub hub;
    private MqttAsyncClient me;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startHub() {
        hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED)
                        .apiPort(HubOptions.DISABLED)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)).events(EVENTS))
                .product(new Product(PRODUCT, SECRET, Map.of("telemetry", Access.BOTH, "cmd", Access.SUBSCRIBE)))
                .startAndWait();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @BeforeEach
    void connectMe() throws Exception {
        EVENTS.clear();
        me = client(hub, ME);
        me.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        assertThat(connect(me, options(ME))).isZero();
    }

    @AfterEach
    void disconnectMe() {
        closeQuietly(me);
    }

    static Stream<String> otherDevicesTopics() {
        return Stream.of(Topics.control(OTHER), Topics.event(OTHER), Topics.data(OTHER), Topics.shadowOperation(OTHER),
                Topics.shadowResult(OTHER), Topics.otaReport(OTHER), Topics.otaUpdate(OTHER),
                Topics.sysOperation(OTHER), Topics.sysResult(OTHER), Topics.broadcast(OTHER),
                Topics.rrpcRequestFilter(OTHER), Topics.rrpcReply(OTHER, "123"), Topics.custom(OTHER, "telemetry"));
    }

    @ParameterizedTest(name = "subscribing to {0} is refused with SUBACK 0x80")
    @MethodSource("otherDevicesTopics")
    void subscribingToAnotherDevicesTopicIsRefused(String topic) throws Exception {
        assertThat(grantedQos(topic, 1)).isEqualTo(0x80);
        assertThat(EVENTS.subscriptions()).singleElement()
                .satisfies(s -> assertThat(s.grantedQos()).isEqualTo(0x80));
    }

    static Stream<String> otherDevicesConcreteTopics() {
        return otherDevicesTopics().map(t -> t.endsWith("/+") ? Topics.rrpcRequest(OTHER, "7") : t);
    }

    @ParameterizedTest(name = "publishing QoS 1 to {0} is dropped without PUBACK, connection kept")
    @MethodSource("otherDevicesConcreteTopics")
    void publishingToAnotherDevicesTopicIsDroppedWithoutPuback(String topic) throws Exception {
        IMqttDeliveryToken token = me.publish(topic, "x".getBytes(), 1, false);
        assertThat(waitQuietly(token, 500)).as("no PUBACK").isFalse();
        assertThat(me.isConnected()).isTrue();
        awaitDrop(topic, DropReason.FORBIDDEN_TOPIC);
        IMqttDeliveryToken ok = me.publish(Topics.event(ME), "still here".getBytes(), 1, false);
        assertThat(waitQuietly(ok, 5_000)).as("own event topic still works").isTrue();
    }

    @Test
    void ownTopicsFollowTheDefaultTable() throws Exception {
        for (String sub : List.of(Topics.control(ME), Topics.data(ME), Topics.shadowResult(ME), Topics.otaUpdate(ME),
                Topics.sysResult(ME), Topics.broadcast(ME), Topics.rrpcRequestFilter(ME), Topics.custom(ME, "cmd"),
                Topics.custom(ME, "telemetry"))) {
            assertThat(grantedQos(sub, 1)).as(sub).isEqualTo(1);
        }
        for (String subDenied : List.of(Topics.event(ME), Topics.shadowOperation(ME), Topics.otaReport(ME),
                Topics.sysOperation(ME), PRODUCT + "/me-01/#", PRODUCT + "/+/control", "#")) {
            assertThat(grantedQos(subDenied, 1)).as(subDenied).isEqualTo(0x80);
        }
        for (String pub : List.of(Topics.event(ME), Topics.data(ME), Topics.custom(ME, "telemetry"),
                Topics.rrpcReply(ME, "42"))) {
            assertThat(waitQuietly(me.publish(pub, "{}".getBytes(), 1, false), 5_000)).as(pub).isTrue();
        }
        for (String pubDenied : List.of(Topics.control(ME), Topics.custom(ME, "cmd"), Topics.otaUpdate(ME))) {
            assertThat(waitQuietly(me.publish(pubDenied, "{}".getBytes(), 1, false), 300)).as(pubDenied).isFalse();
        }
    }

    @Test
    void aSubscribeWithQos2IsGrantedQos1() throws Exception {
        assertThat(grantedQos(Topics.control(ME), 2)).isEqualTo(1);
    }

    @Test
    void aDeviceSubscribedToItsDataTopicGetsItsOwnMessagesBack() throws Exception {
        grantedQos(Topics.data(ME), 1);
        me.publish(Topics.data(ME), "echo".getBytes(), 1, false).waitForCompletion(5_000);
        awaitReceived(1);
        assertThat(received).containsExactly(Topics.data(ME) + " echo");
    }

    @Test
    void aRetainedPublishIsDeliveredAsNormalAndNotRetained() throws Exception {
        grantedQos(Topics.data(ME), 0);
        long before = hub.stats().retainIgnored();
        me.publish(Topics.data(ME), "r".getBytes(), 0, true).waitForCompletion(5_000);
        awaitReceived(1);
        assertThat(hub.stats().retainIgnored()).isEqualTo(before + 1);
        me.unsubscribe(Topics.data(ME)).waitForCompletion(5_000);
        received.clear();
        grantedQos(Topics.data(ME), 0);
        Thread.sleep(200);
        assertThat(received).as("nothing retained").isEmpty();
    }

    @Test
    void aQos2PublishClosesTheConnection() throws Exception {
        DeviceId id = device("qos2-01");
        String userName = TestDevices.userName(id);
        try (RawMqttSocket raw = new RawMqttSocket(hub.mqttPort())) {
            raw.write(RawMqttSocket.connect(4, id.clientId(), userName, password(id, userName), 60, true, false));
            raw.readPacket();
            raw.write(RawMqttSocket.publish(Topics.event(id), 2, 1, "x".getBytes(), false));
            assertThat(raw.awaitClosedMillis(3_000)).isNotNegative();
        }
        awaitDrop(Topics.event(id), DropReason.QOS2);
    }

    @Test
    void aPayloadOver16KbClosesTheConnectionAnd16KbPasses() throws Exception {
        me.publish(Topics.event(ME), new byte[16 * 1024], 1, false).waitForCompletion(5_000);
        assertThat(me.isConnected()).isTrue();
        IMqttDeliveryToken token = me.publish(Topics.event(ME), new byte[16 * 1024 + 1], 1, false);
        waitQuietly(token, 3_000);
        awaitDrop(Topics.event(ME), DropReason.OVERSIZE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (me.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(me.isConnected()).isFalse();
    }

    @Test
    void overThirtyUplinkMessagesPerSecondAreDroppedAndCounted() throws Exception {
        DeviceId id = device("burst-01");
        String userName = TestDevices.userName(id);
        long droppedBefore = hub.stats().drops(DropReason.UPLINK_QUOTA);
        int acked = 0;
        try (RawMqttSocket raw = new RawMqttSocket(hub.mqttPort())) {
            raw.write(RawMqttSocket.connect(4, id.clientId(), userName, password(id, userName), 60, true, false));
            raw.readPacket();
            java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
            for (int i = 1; i <= 100; i++) {
                burst.writeBytes(RawMqttSocket.publish(Topics.event(id), 1, i, "t".getBytes(), false));
            }
            raw.write(burst.toByteArray()); // 100 QoS 1 publishes in one write: well within one or two windows
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            try {
                while (System.nanoTime() < deadline) {
                    byte[] p = raw.readPacket();
                    assertThat(HexFormat.of().formatHex(p)).startsWith("4002");
                    acked++;
                }
            } catch (java.net.SocketTimeoutException done) {
                // no more PUBACKs
            }
        }
        long dropped = hub.stats().drops(DropReason.UPLINK_QUOTA) - droppedBefore;
        assertThat(acked + dropped).as("every publish is either acknowledged or dropped").isEqualTo(100);
        assertThat(acked).as("30 per one-second window").isIn(30, 60);
    }

    private int grantedQos(String filter, int qos) throws MqttException {
        IMqttToken token = me.subscribe(filter, qos);
        try {
            token.waitForCompletion(5_000);
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttException.REASON_CODE_SUBSCRIBE_FAILED) {
                throw e;
            }
        }
        return token.getGrantedQos()[0];
    }

    private static boolean waitQuietly(IMqttToken token, long millis) {
        try {
            token.waitForCompletion(millis);
            return token.isComplete() && token.getException() == null;
        } catch (MqttException e) {
            return false;
        }
    }

    private void awaitReceived(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static void awaitDrop(String topic, DropReason reason) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (EVENTS.dropped().stream().noneMatch(d -> d.topic().equals(topic) && d.reason() == reason)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(EVENTS.dropped()).anyMatch(d -> d.topic().equals(topic) && d.reason() == reason);
    }
}
