package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubLimits;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.fleetstorm.metrics.MetricsEndpoint;
import io.fleetstorm.protocol.ConnId;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Expiry;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import io.fleetstorm.protocol.UserName;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hub's own counters on /metrics follow what Paho devices did to it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubMetricsIT {

    private static final String PRODUCT = "HUBMETRIC1";
    private static final String SECRET = "s";

    @Test
    void theHubSeriesCountAcceptedAndRefusedConnectsAndMessages() throws Exception {
        try (Hub hub = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0)
                        .tlsPort(HubOptions.DISABLED).apiPort(HubOptions.DISABLED)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait();
                MetricsEndpoint endpoint = new MetricsEndpoint("127.0.0.1", -1)) {
            HubMetrics.bind(endpoint.meterRegistry(), hub, "t");
            DeviceId good = new DeviceId(PRODUCT, "good");
            MqttAsyncClient device = new MqttAsyncClient("tcp://127.0.0.1:" + hub.mqttPort(), good.clientId(),
                    new MemoryPersistence());
            device.connect(options(good, DerivedPsk.derive(SECRET, PRODUCT, "good"))).waitForCompletion(10_000);
            for (int i = 0; i < 3; i++) {
                device.publish(PRODUCT + "/good/event", new MqttMessage("{\"n\":1}".getBytes())).waitForCompletion();
            }
            DeviceId bad = new DeviceId(PRODUCT, "bad");
            MqttAsyncClient refused = new MqttAsyncClient("tcp://127.0.0.1:" + hub.mqttPort(), bad.clientId(),
                    new MemoryPersistence());
            int code = 0;
            try {
                refused.connect(options(bad, DerivedPsk.derive("wrong-secret", PRODUCT, "bad")))
                        .waitForCompletion(10_000);
            } catch (MqttException e) {
                code = e.getReasonCode();
            }
            assertThat(code).as("a wrong signature is refused").isEqualTo(3);

            String text = endpoint.scrape();
            assertThat(text).contains(
                    "fleetstorm_hub_connections_open{hub=\"t\"} 1.0",
                    "fleetstorm_hub_connects_accepted_total{hub=\"t\"} 1.0",
                    "fleetstorm_hub_connects_refused_total{code=\"0x03\",hub=\"t\",reason=\"bad_signature\"} 1.0",
                    "fleetstorm_hub_connects_refused_total{code=\"0x05\",hub=\"t\",reason=\"disabled\"} 0.0",
                    "fleetstorm_hub_messages_in_total{hub=\"t\"} 3.0",
                    "fleetstorm_hub_received_bytes_total{hub=\"t\"} 21.0",
                    "# HELP fleetstorm_hub_connects_refused_total CONNECTs the hub refused, by reason");
            assertThat(text).doesNotContain(SECRET + "\"", "good\"");
            device.disconnect().waitForCompletion(5_000);
            device.close();
            refused.close();
        }
    }

    private static MqttConnectOptions options(DeviceId id, String psk) {
        String userName = new UserName(id.clientId(), SdkAppId.JAVA_SDK, ConnId.random(new Random(1)),
                Expiry.seconds(System.currentTimeMillis() / 1000 + 3600)).encode();
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(userName);
        o.setPassword(Signer.password(SignMethod.HMACSHA256, Signer.decodePsk(psk), userName).toCharArray());
        o.setAutomaticReconnect(false);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        return o;
    }
}
