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

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keepalive, duplicate logins and persistent sessions (protocol doc sections 1, 7 and 10). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubSessionIT {

    private static final RecordingHubEvents EVENTS = new RecordingHubEvents();
    private static Hub hub;

    @BeforeAll
    static void startHub() {
        hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED)
                        .apiPort(HubOptions.DISABLED)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0).withOfflineResendIntervalMs(20)
                                .withOfflineQueueMax(5))
                        .events(EVENTS))
                .product(Product.withSecret(PRODUCT, SECRET))
                .startAndWait();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @BeforeEach
    void forget() {
        EVENTS.clear();
    }

    /** Collects messages and the moment the connection was lost. */
    static final class Inbox implements MqttCallback {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final CountDownLatch lost = new CountDownLatch(1);

        @Override
        public void connectionLost(Throwable cause) {
            lost.countDown();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            messages.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    @Test
    void aSilentDeviceIsDisconnectedAfterOneAndAHalfKeepAlives() throws Exception {
        DeviceId id = device("silent-01");
        String userName = TestDevices.userName(id);
        try (RawMqttSocket raw = new RawMqttSocket(hub.mqttPort())) {
            raw.write(RawMqttSocket.connect(4, id.clientId(), userName, password(id, userName), 2, true, false));
            assertThat(raw.readPacket()).containsExactly(0x20, 0x02, 0x00, 0x00);
            long closedAfter = raw.awaitClosedMillis(10_000);
            assertThat(closedAfter).as("closed after 1.5 x 2 s without a packet").isBetween(2_500L, 4_500L);
        }
        awaitDisconnect(id, CloseReason.KEEPALIVE_TIMEOUT);
    }

    @Test
    void aDevicePingingWithinItsKeepAliveStaysConnected() throws Exception {
        DeviceId id = device("pinger-01");
        MqttAsyncClient c = client(hub, id);
        try {
            MqttConnectOptions o = options(id);
            o.setKeepAliveInterval(1); // Paho pings every second
            assertThat(connect(c, o)).isZero();
            Thread.sleep(3_500);
            assertThat(c.isConnected()).isTrue();
            assertThat(hub.isOnline(id)).isTrue();
        } finally {
            closeQuietly(c);
        }
    }

    @Test
    void aSecondLoginWithTheSameClientIdClosesTheOlderConnection() throws Exception {
        DeviceId id = device("twin-01");
        MqttAsyncClient older = client(hub, id);
        MqttAsyncClient newer = client(hub, id);
        Inbox olderInbox = new Inbox();
        older.setCallback(olderInbox);
        try {
            assertThat(connect(older, options(id))).isZero();
            assertThat(connect(newer, options(id))).isZero();
            assertThat(olderInbox.lost.await(5, TimeUnit.SECONDS)).as("older connection closed").isTrue();
            assertThat(newer.isConnected()).isTrue();
            assertThat(hub.isOnline(id)).isTrue();
            awaitDisconnect(id, CloseReason.KICKED_BY_NEW_LOGIN);
        } finally {
            closeQuietly(older);
            closeQuietly(newer);
        }
    }

    @Test
    void aPersistentSessionKeepsSubscriptionsAndQueuesQos1WhileOffline() throws Exception {
        DeviceId id = device("persist-01");
        String control = Topics.control(id);
        subscribePersistentlyThenGoOffline(id, control);

        assertThat(hub.publish(control, "one".getBytes(), 1)).isEqualTo(HubDelivery.QUEUED);
        assertThat(hub.publish(control, "two".getBytes(), 1)).isEqualTo(HubDelivery.QUEUED);
        assertThat(hub.publish(control, "qos0 is not kept".getBytes(), 0)).isEqualTo(HubDelivery.NOT_SUBSCRIBED);
        assertThat(hub.publish(control, "three".getBytes(), 1)).isEqualTo(HubDelivery.QUEUED);
        assertThat(hub.stats().offlineQueued()).isEqualTo(3);

        MqttAsyncClient second = client(hub, id);
        Inbox inbox = new Inbox();
        second.setCallback(inbox);
        try {
            IMqttToken token = second.connect(persistentOptions(id));
            token.waitForCompletion(5_000);
            assertThat(token.getSessionPresent()).isTrue();
            awaitMessages(inbox, 3);
            assertThat(inbox.messages).containsExactly(control + " one", control + " two", control + " three");
            assertThat(hub.stats().offlineQueued()).isZero();
        } finally {
            closeQuietly(second);
        }
    }

    @Test
    void aCleanSessionForgetsWhatAPersistentOneKept() throws Exception {
        DeviceId id = device("persist-02");
        String control = Topics.control(id);
        subscribePersistentlyThenGoOffline(id, control);
        assertThat(hub.publish(control, "kept".getBytes(), 1)).isEqualTo(HubDelivery.QUEUED);

        MqttAsyncClient clean = client(hub, id);
        Inbox inbox = new Inbox();
        clean.setCallback(inbox);
        try {
            IMqttToken token = clean.connect(options(id));
            token.waitForCompletion(5_000);
            assertThat(token.getSessionPresent()).isFalse();
            Thread.sleep(300);
            assertThat(inbox.messages).isEmpty();
            assertThat(hub.publish(control, "not subscribed".getBytes(), 1)).isEqualTo(HubDelivery.NOT_SUBSCRIBED);
        } finally {
            closeQuietly(clean);
        }
    }

    @Test
    void theOfflineQueueKeepsTheNewestMessagesUpToItsLimit() throws Exception {
        DeviceId id = device("persist-03");
        String control = Topics.control(id);
        subscribePersistentlyThenGoOffline(id, control);
        long droppedBefore = hub.stats().drops(DropReason.OFFLINE_QUEUE_FULL);
        for (int i = 1; i <= 8; i++) {
            hub.publish(control, ("m" + i).getBytes(), 1);
        }
        assertThat(hub.stats().drops(DropReason.OFFLINE_QUEUE_FULL) - droppedBefore).isEqualTo(3);

        MqttAsyncClient second = client(hub, id);
        Inbox inbox = new Inbox();
        second.setCallback(inbox);
        try {
            assertThat(connect(second, persistentOptions(id))).isZero();
            awaitMessages(inbox, 5);
            assertThat(inbox.messages).extracting(m -> m.substring(control.length() + 1))
                    .containsExactly("m4", "m5", "m6", "m7", "m8");
        } finally {
            closeQuietly(second);
        }
    }

    @Test
    void aCleanDisconnectIsRecordedAsSuch() throws Exception {
        DeviceId id = device("bye-01");
        MqttAsyncClient c = client(hub, id);
        assertThat(connect(c, options(id))).isZero();
        c.disconnect().waitForCompletion(5_000);
        c.close();
        awaitDisconnect(id, CloseReason.CLIENT_DISCONNECT);
    }

    /** A cleanSession 0 device subscribes to a topic at QoS 1, then leaves with DISCONNECT. */
    private static void subscribePersistentlyThenGoOffline(DeviceId id, String topic) throws Exception {
        MqttAsyncClient first = client(hub, id);
        assertThat(connect(first, persistentOptions(id))).isZero();
        first.subscribe(topic, 1).waitForCompletion(5_000);
        first.disconnect().waitForCompletion(5_000);
        first.close();
        awaitOffline(id);
    }

    private static MqttConnectOptions persistentOptions(DeviceId id) {
        MqttConnectOptions o = options(id);
        o.setCleanSession(false);
        return o;
    }

    private static void awaitMessages(Inbox inbox, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inbox.messages.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(100); // nothing more should arrive
    }

    private static void awaitOffline(DeviceId id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (hub.isOnline(id) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(hub.isOnline(id)).isFalse();
    }

    private static void awaitDisconnect(DeviceId id, CloseReason reason) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (EVENTS.disconnects().stream().anyMatch(d -> d.clientId().equals(id.clientId()))) {
                break;
            }
            Thread.sleep(10);
        }
        assertThat(EVENTS.disconnects()).filteredOn(d -> d.clientId().equals(id.clientId()))
                .extracting(RecordingHubEvents.Disconnect::reason).contains(reason);
    }
}
