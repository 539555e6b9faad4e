package io.fleetstorm.hub;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.ShadowMessages;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * Shadow updates per second the embedded hub answers: N Paho devices on loopback, each keeping a window of
 * shadow updates in flight (a new one per answer received), for a fixed time. Run by hand (bench/shadow-updates.sh),
 * never as a test: the figure depends on the machine, and the load generator shares its CPUs with the hub.
 */
public final class ShadowUpdateBench {

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        try (Hub hub = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0)
                        .tlsPort(HubOptions.DISABLED).apiPort(HubOptions.DISABLED)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0).withUplinkMessagesPerSecond(1_000_000)))
                .product(Product.withSecret(TestDevices.PRODUCT, TestDevices.SECRET)).startAndWait()) {
            AtomicLong answered = new AtomicLong();
            List<MqttAsyncClient> clients = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                DeviceId id = TestDevices.device(String.format("bench-%04d", i));
                MqttAsyncClient client = TestDevices.client(hub, id);
                AtomicLong n = new AtomicLong();
                client.setCallback(new MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) throws Exception {
                        answered.incrementAndGet();
                        update(client, id, n.incrementAndGet());
                    }

                    @Override
                    public void deliveryComplete(IMqttDeliveryToken token) {
                    }
                });
                var options = TestDevices.options(id);
                options.setMaxInflight(1000);
                TestDevices.connect(client, options);
                client.subscribe(Topics.shadowResult(id), 0).waitForCompletion(5_000);
                clients.add(client);
                for (int w = 0; w < window; w++) {
                    update(client, id, n.incrementAndGet());
                }
            }
            Thread.sleep(2_000); // warm-up
            long start = answered.get();
            long t0 = System.nanoTime();
            new CountDownLatch(1).await(seconds, TimeUnit.SECONDS);
            long count = answered.get() - start;
            double elapsed = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d devices x %d in flight: %d shadow updates answered in %.1f s = %.0f updates/s"
                    + " (results ok: %d)%n", devices, window, count, elapsed, count / elapsed,
                    hub.serviceStats().shadowResults(0));
            clients.forEach(TestDevices::closeQuietly);
        }
        System.exit(0);
    }

    private static void update(MqttAsyncClient client, DeviceId id, long n) throws Exception {
        String json = ShadowMessages.updateRequest(new JsonObject().put("temperature", n % 40).put("seq", n),
                id.clientId() + "-" + n, 0L);
        client.publish(Topics.shadowOperation(id), json.getBytes(StandardCharsets.UTF_8), 0, false);
    }
}
