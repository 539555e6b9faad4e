package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static io.fleetstorm.hub.TestDevices.closeQuietly;
import static io.fleetstorm.hub.TestDevices.connect;
import static io.fleetstorm.hub.TestDevices.device;
import static io.fleetstorm.hub.TestDevices.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hub on several event loops sharing its ports: connections spread out, routing and counters stay exact. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HubEventLoopsIT {

    @Test
    void devicesSpreadOverFourLoopsAreAllReachableAndCountedOnce() throws Exception {
        RecordingHubEvents events = new RecordingHubEvents();
        try (Hub hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED).eventLoops(4)
                        .apiPort(HubOptions.DISABLED)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)).events(events))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait()) {
            int devices = 40;
            AtomicInteger received = new AtomicInteger();
            List<MqttAsyncClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < devices; i++) {
                    DeviceId id = device(String.format("loop-%03d", i));
                    MqttAsyncClient c = TestDevices.client(hub, id);
                    c.setCallback(new MqttCallback() {
                        @Override
                        public void connectionLost(Throwable cause) {
                        }

                        @Override
                        public void messageArrived(String topic, MqttMessage message) {
                            received.incrementAndGet();
                        }

                        @Override
                        public void deliveryComplete(IMqttDeliveryToken token) {
                        }
                    });
                    assertThat(connect(c, options(id))).isZero();
                    c.subscribe(Topics.control(id), 1).waitForCompletion(5_000);
                    clients.add(c);
                }
                assertThat(hub.stats().connectionsOpen()).isEqualTo(devices);
                for (int i = 0; i < devices; i++) {
                    DeviceId id = device(String.format("loop-%03d", i));
                    assertThat(hub.publish(Topics.control(id), "hi".getBytes(), 1)).isEqualTo(HubDelivery.DELIVERED);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (received.get() < devices && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(received.get()).isEqualTo(devices);
                assertThat(hub.stats().messagesOut()).isEqualTo(devices);

                // a duplicate login lands on another loop than the original in most cases; either way one stays
                for (int i = 0; i < 8; i++) {
                    DeviceId id = device(String.format("loop-%03d", i));
                    MqttAsyncClient twin = TestDevices.client(hub, id);
                    assertThat(connect(twin, options(id))).isZero();
                    clients.add(twin);
                }
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (hub.stats().connectionsOpen() != devices && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(hub.stats().connectionsOpen()).isEqualTo(devices);
                assertThat(hub.stats().disconnects(CloseReason.KICKED_BY_NEW_LOGIN)).isEqualTo(8);
            } finally {
                clients.forEach(TestDevices::closeQuietly);
            }
        }
    }
}
