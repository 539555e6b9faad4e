package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubLimits;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.fleetstorm.hub.ViolationRule;
import io.fleetstorm.metrics.MetricsEndpoint;
import io.fleetstorm.protocol.ConnId;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Expiry;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import io.fleetstorm.protocol.UserName;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A storm of 1,000 broken clients: PUBLISH before CONNECT, garbage bytes, sockets that never send CONNECT. The hub
 * logs a bounded number of one-line WARNs (no stack trace), counts every violation on /metrics, shows the silent
 * sockets as pending connections, and keeps serving a well-behaved device.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HubProtocolAbuseIT {

    private static final String PRODUCT = "ABUSE00001";
    private static final String SECRET = "s";
    private static final Pattern SUPPRESSED = Pattern.compile("^suppressed (\\d+) similar protocol violation");

    @Test
    void aStormOfBrokenClientsIsCountedQuietlyAndTheHubKeepsServing() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        Vertx vertx = Vertx.vertx();
        try (Hub hub = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0)
                        .tlsPort(HubOptions.DISABLED).apiPort(HubOptions.DISABLED)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait();
                MetricsEndpoint endpoint = new MetricsEndpoint("127.0.0.1", -1)) {
            HubMetrics.bind(endpoint.meterRegistry(), hub, "t");
            MqttAsyncClient device = device(hub, "good");
            long stormStart = System.nanoTime();

            // 400 send a PUBLISH as their first packet, 300 send bytes that are no MQTT packet, 300 send nothing
            NetClient net = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
            byte[] publish = {0x30, 0x07, 0x00, 0x03, 'a', '/', 'b', '{', '}'};
            byte[] garbage = {(byte) 0xf3, 0x02, 0x01, 0x02};
            List<Future<NetSocket>> sockets = new ArrayList<>();
            AtomicInteger closedByHub = new AtomicInteger();
            for (int i = 0; i < 1000; i++) {
                byte[] first = i < 400 ? publish : i < 700 ? garbage : null;
                sockets.add(net.connect(hub.mqttPort(), "127.0.0.1").onSuccess(s -> {
                    s.closeHandler(v -> closedByHub.incrementAndGet());
                    if (first != null) {
                        s.write(Buffer.buffer(first));
                    }
                }));
                if (i % 100 == 99) {
                    // the well-behaved device is served in the middle of the storm
                    device.publish(PRODUCT + "/good/event", new MqttMessage("{\"n\":1}".getBytes()))
                            .waitForCompletion(10_000);
                }
            }
            Future.all(sockets).await(30, TimeUnit.SECONDS);
            await(() -> closedByHub.get() == 700, 20_000);
            await(() -> hub.protocolStats().connectionsPending() == 300, 10_000);

            assertThat(hub.protocolStats().violations(ViolationRule.PACKET_BEFORE_CONNECT)).isEqualTo(400);
            assertThat(hub.protocolStats().violations(ViolationRule.MALFORMED_PACKET)).isEqualTo(300);
            assertThat(hub.protocolStats().totalViolations()).isEqualTo(700);
            assertThat(hub.stats().messagesIn()).as("only the device's PUBLISHes were received").isEqualTo(10);
            assertThat(hub.stats().connectionsOpen()).isEqualTo(1);
            String text = endpoint.scrape();
            assertThat(text).contains(
                    "fleetstorm_hub_connections_pending{hub=\"t\"} 300.0",
                    "fleetstorm_hub_connections_open{hub=\"t\"} 1.0",
                    "fleetstorm_hub_protocol_violations_total{hub=\"t\",rule=\"packet_before_connect\"} 400.0",
                    "fleetstorm_hub_protocol_violations_total{hub=\"t\",rule=\"malformed_packet\"} 300.0",
                    "fleetstorm_hub_protocol_violations_total{hub=\"t\",rule=\"qos2_publish\"} 0.0",
                    "fleetstorm_hub_faults_total{hub=\"t\",kind=\"delayed\",operation=\"puback\"} 0.0");

            // the device still works after the storm, and a new one connects
            MqttAsyncClient late = device(hub, "late");
            late.publish(PRODUCT + "/late/event", new MqttMessage("{}".getBytes())).waitForCompletion(10_000);

            // the silent sockets go: nothing is pending any more
            sockets.forEach(f -> f.result().close());
            await(() -> hub.protocolStats().connectionsPending() == 0, 10_000);

            // the log: every line one line, WARN from the violation log only, at most 10 a second plus one summary
            // a second; the summaries account for every violation not logged on its own line
            await(() -> logged(log) + suppressed(log) == 700, 5_000);
            double seconds = (System.nanoTime() - stormStart) / 1e9;
            List<ILoggingEvent> events = List.copyOf(log.list);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.getThrowableProxy()).as("a stack trace: " + e.getFormattedMessage()).isNull();
                assertThat(e.getLoggerName()).isEqualTo("io.fleetstorm.hub.impl.ProtocolViolations");
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).doesNotContain("\n");
            });
            assertThat((double) events.size()).as("log lines in %.1f s", seconds)
                    .isLessThanOrEqualTo(11 * (seconds + 1));
            assertThat(events.get(0).getFormattedMessage()).matches("protocol violation by 127\\.0\\.0\\.1:\\d+: "
                    + "(packet_before_connect \\(a packet other than CONNECT before CONNECT: PUBLISH as the first "
                    + "packet\\)|malformed_packet \\(bytes that are not a valid MQTT packet: .*\\)); "
                    + "connection closed");
            device.disconnect().waitForCompletion(5_000);
            device.close();
            late.disconnect().waitForCompletion(5_000);
            late.close();
        } finally {
            root.detachAppender(log);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static long logged(ListAppender<ILoggingEvent> log) {
        return List.copyOf(log.list).stream().filter(e -> e.getFormattedMessage().startsWith("protocol violation by"))
                .count();
    }

    private static long suppressed(ListAppender<ILoggingEvent> log) {
        long sum = 0;
        for (ILoggingEvent e : List.copyOf(log.list)) {
            Matcher m = SUPPRESSED.matcher(e.getFormattedMessage());
            if (m.find()) {
                sum += Long.parseLong(m.group(1));
            }
        }
        return sum;
    }

    private static MqttAsyncClient device(Hub hub, String name) throws Exception {
        DeviceId id = new DeviceId(PRODUCT, name);
        String userName = new UserName(id.clientId(), SdkAppId.JAVA_SDK, ConnId.random(new Random()),
                Expiry.seconds(System.currentTimeMillis() / 1000 + 3600)).encode();
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(userName);
        o.setPassword(Signer.password(SignMethod.HMACSHA256,
                Signer.decodePsk(DerivedPsk.derive(SECRET, PRODUCT, name)), userName).toCharArray());
        o.setAutomaticReconnect(false);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + hub.mqttPort(), id.clientId(),
                new MemoryPersistence());
        client.connect(o).waitForCompletion(10_000);
        return client;
    }

    private static void await(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeoutMs + " ms");
            }
            Thread.sleep(20);
        }
    }
}
