package io.fleetstorm.hub;

import static io.fleetstorm.hub.HubFaultLimitsIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Delays, refusals, stalls, random disconnects and fault windows, measured by clients over real sockets and checked
 * against the hub's own fault counters.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HubFaultEffectsIT {

    private static final int CONNACK = 2;
    private static final int PUBACK = 4;
    private static final String GET = "{\"type\":\"get\",\"clientToken\":\"t-0\"}";
    private Vertx vertx;
    private NetClient net;

    @BeforeEach
    void clients() {
        vertx = Vertx.vertx();
        net = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    static Hub hub(HubFaults faults, boolean api) {
        return Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED)
                        .apiPort(api ? 0 : HubOptions.DISABLED).faults(faults)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0).withUplinkMessagesPerSecond(10_000)))
                .product(Product.withSecret(TestDevices.PRODUCT, TestDevices.SECRET)).startAndWait();
    }

    /** n connections whose CONNECTs were answered (with any code). */
    private List<RawMqttClient> connect(Hub hub, int n, String prefix) throws Exception {
        List<Future<RawMqttClient>> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DeviceId id = TestDevices.device(prefix + i);
            sockets.add(RawMqttClient.connect(net, hub.mqttPort())
                    .onSuccess(c -> c.write(RawMqttClient.connectPacket(id))));
        }
        List<RawMqttClient> clients = Future.all(sockets).await(30, TimeUnit.SECONDS).list();
        await(() -> clients.stream().allMatch(c -> c.first(CONNACK) != null), 20_000);
        return clients;
    }

    @Test
    void aLognormalPubackDelayIsMeasuredWithItsMedianAndP99() throws Exception {
        // tens of milliseconds, so that a loaded machine's scheduling delays (a few ms) stay small beside them;
        // DelaySpecTest checks the sampling of lognormal:2ms:20ms itself
        DelaySpec spec = new DelaySpec.LogNormal(20_000_000, 200_000_000);
        try (Hub hub = hub(HubFaults.builder().delay(HubOperation.PUBACK, spec, null).build(), false)) {
            List<RawMqttClient> clients = connect(hub, 20, "ln");
            // 20 connections, each sending its next QoS 1 PUBLISH when the last was acknowledged: 2,000 samples
            int perClient = 100;
            long[][] sent = new long[20][perClient + 1];
            for (int c = 0; c < 20; c++) {
                RawMqttClient client = clients.get(c);
                String topic = TestDevices.PRODUCT + "/ln" + c + "/event";
                long[] times = sent[c];
                client.listener = r -> {
                    if (r.type() == PUBACK && r.packetIdOrCode() < perClient) {
                        int next = r.packetIdOrCode() + 1;
                        times[next] = System.nanoTime();
                        client.write(RawMqttSocket.publish(topic, 1, next, "{}".getBytes(), false));
                    }
                };
                times[1] = System.nanoTime();
                client.write(RawMqttSocket.publish(topic, 1, 1, "{}".getBytes(), false));
            }
            await(() -> clients.stream().allMatch(c -> c.count(PUBACK) == perClient), 30_000);
            List<Long> latencies = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                for (RawMqttClient.Received r : clients.get(c).received) {
                    if (r.type() == PUBACK) {
                        latencies.add(r.nanos() - sent[c][r.packetIdOrCode()]);
                    }
                }
            }
            List<Long> sorted = latencies.stream().sorted().toList();
            double medianMs = sorted.get(sorted.size() / 2) / 1e6;
            double p99Ms = sorted.get(sorted.size() * 99 / 100) / 1e6;
            // the spec plus a loopback round trip; the p99 of 2,000 samples within about 20 %
            assertThat(medianMs).as("median PUBACK latency, ms").isBetween(18.5, 24.0);
            assertThat(p99Ms).as("p99 PUBACK latency, ms").isBetween(160.0, 250.0);
            HubFaultStats.Operation puback = hub.faultStats().operation(HubOperation.PUBACK);
            assertThat(puback.delayed()).isEqualTo(20L * perClient);
            // the mean of a log-normal is median x exp(sigma^2 / 2): 32.7 ms here
            double meanMs = puback.injectedNanos() / 1e6 / puback.delayed();
            assertThat(meanMs).as("mean injected delay, ms").isBetween(29.0, 37.0);
        }
    }

    @Test
    void refuseConnectTenPercentRefusesAboutOneInTenWithConnack3AndCountsEach() throws Exception {
        try (Hub hub = hub(HubFaults.builder().refuse(HubOperation.CONNECT, 0.10, null).build(), false)) {
            List<RawMqttClient> clients = connect(hub, 1000, "r");
            long refused = clients.stream().filter(c -> c.first(CONNACK).packetIdOrCode() == 3).count();
            long accepted = clients.stream().filter(c -> c.first(CONNACK).packetIdOrCode() == 0).count();
            assertThat(refused + accepted).isEqualTo(1000);
            // binomial(1000, 0.1): mean 100, standard deviation 9.5; 4.5 deviations either side
            assertThat(refused).isBetween(57L, 143L);
            assertThat(hub.faultStats().operation(HubOperation.CONNECT).refused()).isEqualTo(refused);
            assertThat(hub.stats().refusals(RefusalReason.FAULT_INJECTED)).isEqualTo(refused);
            assertThat(hub.stats().connectsAccepted()).isEqualTo(accepted);
        }
    }

    @Test
    void aStallStopsPubacksForItsDurationOncePerPeriod() throws Exception {
        HubFaults faults = HubFaults.builder().stalls(Duration.ofMillis(400), Duration.ofMillis(1500), null).build();
        try (Hub hub = hub(faults, false)) {
            RawMqttClient client = connect(hub, 1, "stall").get(0);
            long start = System.nanoTime();
            int[] next = {1};
            // one QoS 1 PUBLISH every 5 ms for 3.6 s: stalls begin at 1.5 s and 3.0 s after the hub started
            long timer = vertx.setPeriodic(5, id -> {
                long due = Math.min(720, (System.nanoTime() - start) / 5_000_000 + 1);
                while (next[0] <= due) {
                    client.write(RawMqttSocket.publish(TestDevices.PRODUCT + "/stall0/event", 1, next[0]++,
                            "{}".getBytes(), false));
                }
            });
            await(() -> client.count(PUBACK) == 720, 20_000);
            vertx.cancelTimer(timer);
            List<Long> acks = client.received.stream().filter(r -> r.type() == PUBACK).map(r -> r.nanos()).toList();
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < acks.size(); i++) {
                long gap = acks.get(i) - acks.get(i - 1);
                if (gap > 200_000_000L) {
                    gaps.add(gap / 1_000_000);
                }
            }
            HubFaultStats stats = hub.faultStats();
            assertThat(stats.stalls()).isEqualTo(2);
            assertThat(gaps).as("PUBACK gaps over 200 ms, ms").hasSize(2)
                    .allSatisfy(g -> assertThat(g).isBetween(330L, 550L));
            assertThat(stats.stalledNanos()).isEqualTo(800_000_000L);
        }
    }

    @Test
    void aFaultAppliesOnlyInsideItsWindow() throws Exception {
        // every CONNECT is refused from 1 s to 2 s after the hub started, none before or after
        FaultWindow window = FaultWindow.between(Duration.ofSeconds(1), Duration.ofSeconds(2));
        try (Hub hub = hub(HubFaults.builder().refuse(HubOperation.CONNECT, 1.0, window).build(), false)) {
            long started = System.nanoTime(); // the hub's windows began a little earlier
            List<long[]> attempts = new ArrayList<>(); // {sent since start, return code}
            for (int i = 0; i < 30; i++) {
                long at = System.nanoTime() - started;
                RawMqttClient c = connect(hub, 1, "w" + i).get(0);
                attempts.add(new long[] {at, c.first(CONNACK).packetIdOrCode()});
                c.close();
                Thread.sleep(Math.max(0, (i + 1) * 100L - (System.nanoTime() - started) / 1_000_000));
            }
            for (long[] a : attempts) {
                if (a[0] < 850_000_000L || a[0] > 2_150_000_000L) {
                    assertThat(a[1]).as("CONNACK at %d ms", a[0] / 1_000_000).isZero();
                } else if (a[0] > 1_150_000_000L && a[0] < 1_850_000_000L) {
                    assertThat(a[1]).as("CONNACK at %d ms", a[0] / 1_000_000).isEqualTo(3);
                }
            }
            long refused = attempts.stream().filter(a -> a[1] == 3).count();
            assertThat(refused).isBetween(7L, 12L);
            assertThat(hub.faultStats().operation(HubOperation.CONNECT).refused()).isEqualTo(refused);
            assertThat(hub.faultStats().operation(HubOperation.CONNECT).active()).isFalse();
        }
    }

    @Test
    void randomDisconnectsCloseDeviceConnectionsAtTheirRateAndSayWhy() throws Exception {
        FaultWindow window = FaultWindow.between(Duration.ofMillis(1000), Duration.ofMillis(2000));
        try (Hub hub = hub(HubFaults.builder().disconnects(10, window).build(), false)) {
            List<RawMqttClient> clients = connect(hub, 40, "d");
            Thread.sleep(2500);
            long closed = clients.stream().filter(c -> c.closed).count();
            // 10/s for 1 s, drawn every 100 ms: 10 ticks, give or take the one at the window's edge
            assertThat(closed).isBetween(9L, 11L);
            assertThat(hub.faultStats().disconnects()).isEqualTo(closed);
            assertThat(hub.stats().disconnects(CloseReason.FAULT_INJECTED)).isEqualTo(closed);
            assertThat(hub.stats().connectionsOpen()).isEqualTo(40 - closed);
        }
    }

    @Test
    void refusedPublishesAndPubacksAreNotAcknowledgedAndRefusedSubscribesGet0x80() throws Exception {
        HubFaults faults = HubFaults.builder().refuse(HubOperation.PUBLISH, 1.0, null)
                .refuse(HubOperation.SUBSCRIBE, 1.0, null).build();
        try (Hub hub = hub(faults, false)) {
            RawMqttClient client = connect(hub, 1, "rp").get(0);
            client.write(RawMqttSocket.publish(TestDevices.PRODUCT + "/rp0/event", 1, 7, "{}".getBytes(), false));
            client.write(RawMqttSocket.subscribe(8, TestDevices.PRODUCT + "/rp0/control", 1));
            await(() -> client.first(9) != null, 5_000);
            assertThat(client.first(9).packetIdOrCode()).as("SUBACK id 8, granted 0x80").isEqualTo(8 << 8 | 0x80);
            Thread.sleep(300);
            assertThat(client.count(PUBACK)).isZero();
            assertThat(hub.stats().drops(DropReason.FAULT_INJECTED)).isEqualTo(1);
            assertThat(hub.faultStats().operation(HubOperation.PUBLISH).refused()).isEqualTo(1);
            assertThat(hub.faultStats().operation(HubOperation.SUBSCRIBE).refused()).isEqualTo(1);
        }
        try (Hub hub = hub(HubFaults.builder().refuse(HubOperation.PUBACK, 1.0, null).build(), false)) {
            RawMqttClient client = connect(hub, 1, "ra").get(0);
            client.write(RawMqttSocket.publish(TestDevices.PRODUCT + "/ra0/event", 1, 7, "{}".getBytes(), false));
            await(() -> hub.stats().messagesIn() == 1, 5_000);
            Thread.sleep(300);
            assertThat(client.count(PUBACK)).isZero();
            assertThat(hub.faultStats().operation(HubOperation.PUBACK).refused()).isEqualTo(1);
            assertThat(hub.stats().drops(DropReason.FAULT_INJECTED)).as("the message itself was routed").isZero();
        }
    }

    @Test
    void aShadowDelayHoldsTheAnswerAndAShadowRefusalLeavesItUnanswered() throws Exception {
        HubFaults delay = HubFaults.builder().delay(HubOperation.SHADOW, new DelaySpec.Fixed(300_000_000), null)
                .build();
        try (Hub hub = hub(delay, false); PahoDevice device = PahoDevice.connect(hub, TestDevices.device("sh"),
                "$shadow/operation/result/" + TestDevices.PRODUCT + "/sh", "0")) {
            long sent = System.nanoTime();
            device.publish("$shadow/operation/" + TestDevices.PRODUCT + "/sh", GET, 0);
            PahoDevice.Received answer = device.next();
            long ms = (System.nanoTime() - sent) / 1_000_000;
            assertThat(answer.payload()).contains("\"clientToken\":\"t-0\"", "\"result\":0");
            assertThat(ms).as("shadow answer after, ms").isBetween(290L, 700L);
            assertThat(hub.faultStats().operation(HubOperation.SHADOW).delayed()).isEqualTo(1);
        }
        HubFaults refuse = HubFaults.builder().refuse(HubOperation.SHADOW, 1.0, null).build();
        try (Hub hub = hub(refuse, false); PahoDevice device = PahoDevice.connect(hub, TestDevices.device("sr"),
                "$shadow/operation/result/" + TestDevices.PRODUCT + "/sr", "0")) {
            device.publish("$shadow/operation/" + TestDevices.PRODUCT + "/sr", GET, 0);
            assertThat(device.quietFor(800)).as("no shadow answer").isTrue();
            assertThat(hub.faultStats().operation(HubOperation.SHADOW).refused()).isEqualTo(1);
            assertThat(hub.serviceStats().shadowRequests("get")).isZero();
        }
    }

    @Test
    void refusedApiCallsGetTheCloudsErrorShapeAndDelayedOnesTheirOwnAnswerLater() throws Exception {
        HubFaults refuse = HubFaults.builder().refuse(HubOperation.API, 1.0, null, "InternalError").build();
        String body = "{\"ProductId\":\"" + TestDevices.PRODUCT + "\",\"DeviceName\":\"nobody\"}";
        try (Hub hub = hub(refuse, true)) {
            assertThat(new ApiClient(hub).call("DescribeDevice", body)).isEqualTo("{\"Response\":{\"Error\":{\"Code\":"
                    + "\"InternalError\",\"Message\":\"The request was refused (fleetstorm hub: injected refusal).\"},"
                    + "\"RequestId\":\"*\"}}");
            assertThat(hub.serviceStats().apiErrors("InternalError")).isEqualTo(1);
            assertThat(hub.serviceStats().apiRequests("DescribeDevice")).isEqualTo(1);
            assertThat(hub.faultStats().operation(HubOperation.API).refused()).isEqualTo(1);
        }
        String undelayed;
        try (Hub hub = hub(HubFaults.NONE, true)) {
            undelayed = new ApiClient(hub).call("DescribeDevice", body);
        }
        HubFaults delay = HubFaults.builder().delay(HubOperation.API, new DelaySpec.Fixed(300_000_000), null).build();
        try (Hub hub = hub(delay, true)) {
            long sent = System.nanoTime();
            String delayed = new ApiClient(hub).call("DescribeDevice", body);
            long ms = (System.nanoTime() - sent) / 1_000_000;
            assertThat(delayed).as("the action's own answer, body read after the delay").isEqualTo(undelayed);
            assertThat(ms).isBetween(290L, 1500L);
            assertThat(hub.faultStats().operation(HubOperation.API).delayed()).isEqualTo(1);
        }
    }
}
