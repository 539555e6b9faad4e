package io.fleetstorm.hub;

import io.fleetstorm.protocol.DeviceId;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/** A connected Paho device that queues what it receives, for request/reply tests with bounded waits. */
final class PahoDevice implements AutoCloseable {

    /** One received message. */
    record Received(String topic, String payload, int qos) {
    }

    final DeviceId id;
    final MqttAsyncClient client;
    private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();

    private PahoDevice(DeviceId id, MqttAsyncClient client) {
        this.id = id;
        this.client = client;
    }

    /** Connects and subscribes to each filter (QoS 0 for shadow, time and broadcast; 1 for OTA), waiting for each. */
    static PahoDevice connect(Hub hub, DeviceId id, String... filtersWithQos) throws Exception {
        PahoDevice device = new PahoDevice(id, TestDevices.client(hub, id));
        device.client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                device.inbox.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                        message.getQos()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        if (TestDevices.connect(device.client, TestDevices.options(id)) != 0) {
            throw new AssertionError(id.clientId() + " was refused");
        }
        for (int i = 0; i < filtersWithQos.length; i += 2) {
            device.client.subscribe(filtersWithQos[i], Integer.parseInt(filtersWithQos[i + 1]))
                    .waitForCompletion(5_000);
        }
        return device;
    }

    void publish(String topic, String payload, int qos) throws Exception {
        IMqttDeliveryToken token = client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
        if (qos == 1) {
            token.waitForCompletion(5_000);
        }
    }

    /** The next message, or an assertion error after 5 s. */
    Received next() throws InterruptedException {
        Received r = inbox.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError(id.clientId() + " received nothing within 5 s");
        }
        return r;
    }

    /** Whether nothing arrives within the given time. */
    boolean quietFor(long millis) throws InterruptedException {
        return inbox.poll(millis, TimeUnit.MILLISECONDS) == null;
    }

    @Override
    public void close() {
        TestDevices.closeQuietly(client);
    }
}
