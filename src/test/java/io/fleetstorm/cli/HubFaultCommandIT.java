package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults given as flags of {@code fleetstorm hub}, run as a user runs it (the packaged jar, its own process): the hub
 * says which faults it injects, a device feels them, and /metrics counts them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubFaultCommandIT {

    private static final Path JAR = Path.of("target", "fleetstorm.jar");

    @Test
    void aPubackDelayFlagHoldsEveryAcknowledgementAndIsCountedOnMetrics() throws Exception {
        Process hub = new ProcessBuilder(List.of("java", "-jar", JAR.toString(), "hub", "--host", "127.0.0.1",
                "--mqtt-port", "0", "--tls-port", "-1", "--api-port", "-1", "--product", "1A17RZR3XX",
                "--product-secret", "fleet-secret", "--metrics-port", "0", "--metrics-host", "127.0.0.1",
                "--delay", "puback=200ms", "--refuse", "connect=5%@1h-2h", "--limit", "publish=1k/s")).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(hub.getInputStream(),
                    StandardCharsets.UTF_8));
            Matcher started = Pattern.compile("fleetstorm hub started: mqtt://127\\.0\\.0\\.1:(\\d+) .*")
                    .matcher(out.readLine());
            assertThat(started.matches()).isTrue();
            assertThat(out.readLine()).isEqualTo("faults: limit publish=1000/s (queue 10000); delay puback=200ms; "
                    + "refuse connect=5%@1h-2h");
            Matcher metrics = Pattern.compile("metrics: (http://127\\.0\\.0\\.1:\\d+/metrics)").matcher(out.readLine());
            assertThat(metrics.matches()).isTrue();

            String clientId = "1A17RZR3XXsensor-00001";
            String userName = clientId + ";12010126;AbCdE;" + (System.currentTimeMillis() / 1000 + 600);
            String psk = DerivedPsk.derive("fleet-secret", "1A17RZR3XX", "sensor-00001");
            MqttClient device = new MqttClient("tcp://127.0.0.1:" + started.group(1), clientId,
                    new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName(userName);
            o.setPassword(Signer.password(SignMethod.HMACSHA256, Signer.decodePsk(psk), userName).toCharArray());
            device.connect(o);
            for (int i = 0; i < 3; i++) {
                long sent = System.nanoTime();
                device.publish("1A17RZR3XX/sensor-00001/event", "{\"t\":1}".getBytes(), 1, false);
                assertThat((System.nanoTime() - sent) / 1_000_000).as("PUBACK after, ms").isBetween(195L, 2000L);
            }
            device.disconnect();
            device.close();

            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metrics.group(1))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(text).contains(
                    "fleetstorm_hub_faults_total{hub=\"hub\",kind=\"delayed\",operation=\"puback\"} 3.0",
                    "fleetstorm_hub_faults_total{hub=\"hub\",kind=\"refused\",operation=\"connect\"} 0.0",
                    "fleetstorm_hub_fault_injected_seconds_total{hub=\"hub\",operation=\"puback\"} 0.6",
                    "fleetstorm_hub_fault_active{hub=\"hub\",operation=\"puback\"} 1.0",
                    "fleetstorm_hub_fault_active{hub=\"hub\",operation=\"connect\"} 0.0",
                    "fleetstorm_hub_fault_queue_depth{hub=\"hub\",operation=\"publish\"} 0.0",
                    "fleetstorm_hub_connections_pending{hub=\"hub\"} 0.0");
            new ProcessBuilder("kill", "-TERM", Long.toString(hub.pid())).start().waitFor();
            assertThat(hub.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(hub.exitValue()).isZero();
        } finally {
            hub.destroyForcibly();
        }
    }
}
