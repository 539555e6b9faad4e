package io.fleetstorm.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Throughput caps ({@code --limit}) against clients that offer more than the cap over real sockets: the hub answers
 * at the capped rate, latency climbs with the queue as a saturated broker's does, and a full queue refuses.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HubFaultLimitsIT {

    private static final int PUBACK = 4;
    private static final int CONNACK = 2;
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

    private static Hub hub(HubFaults faults) {
        return Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED)
                        .apiPort(HubOptions.DISABLED).faults(faults)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0).withUplinkMessagesPerSecond(10_000)))
                .product(Product.withSecret(TestDevices.PRODUCT, TestDevices.SECRET)).startAndWait();
    }

    /** Opens n sockets, then sends their CONNECTs all at once, so that the hub sees them as one burst. */
    private List<RawMqttClient> connected(Hub hub, int n, String prefix) throws Exception {
        List<Future<RawMqttClient>> sockets = new ArrayList<>();
        List<byte[]> connects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sockets.add(RawMqttClient.connect(net, hub.mqttPort()));
            connects.add(RawMqttClient.connectPacket(TestDevices.device(prefix + i)));
        }
        List<RawMqttClient> clients = Future.all(sockets).await(30, TimeUnit.SECONDS).list();
        // the hub has set up every connection (the guard counts it as pending) before the CONNECTs go
        await(() -> hub.protocolStats().connectionsPending() == n, 10_000);
        for (int i = 0; i < n; i++) {
            clients.get(i).write(connects.get(i));
        }
        return clients;
    }

    @Test
    void aPublishCapOf2000PerSecondAcknowledges2000PerSecondOf4000OfferedWithLatencyClimbing() throws Exception {
        try (Hub hub = hub(HubFaults.builder().limit(HubOperation.PUBLISH, 2000, null).build())) {
            List<RawMqttClient> clients = connected(hub, 20, "pub");
            await(() -> clients.stream().allMatch(c -> c.first(CONNACK) != null), 10_000);
            warmUp(clients);

            // 20 connections x 2 QoS 1 PUBLISHes every 10 ms = 4,000/s offered, for 1 s
            long[][] sentNanos = new long[clients.size()][201];
            long start = System.nanoTime();
            long periodic = vertx.setPeriodic(10, id -> {
                // every PUBLISH due by now, so that a late timer does not lower the offered rate
                int due = (int) Math.min(200, ((System.nanoTime() - start) / 10_000_000 + 1) * 2);
                for (int c = 0; c < clients.size(); c++) {
                    for (int packetId = 1; packetId <= due; packetId++) {
                        if (sentNanos[c][packetId] != 0) {
                            continue;
                        }
                        sentNanos[c][packetId] = System.nanoTime();
                        clients.get(c).write(RawMqttSocket.publish(TestDevices.PRODUCT + "/pub" + c + "/event", 1,
                                packetId, "{\"t\":1}".getBytes(), false));
                    }
                }
            });
            await(() -> clients.stream().allMatch(c -> c.count(PUBACK) == 201), 15_000);
            vertx.cancelTimer(periodic);

            // acknowledgements per second while the queue is busy (the first 250 ms and the drain's end excluded)
            List<Long> acks = new ArrayList<>();
            List<Long> latencies = new ArrayList<>();
            List<Long> firstLatencies = new ArrayList<>();
            List<Long> lastLatencies = new ArrayList<>();
            for (int c = 0; c < clients.size(); c++) {
                for (RawMqttClient.Received r : clients.get(c).received) {
                    if (r.type() == PUBACK && r.nanos() > start) {
                        acks.add(r.nanos() - start);
                        long sent = sentNanos[c][r.packetIdOrCode()];
                        long latency = r.nanos() - sent;
                        latencies.add(latency);
                        (sent - start < 300_000_000L ? firstLatencies : sent - start > 700_000_000L ? lastLatencies
                                : new ArrayList<Long>()).add(latency);
                    }
                }
            }
            assertThat(acks).hasSize(4000);
            long last = acks.stream().mapToLong(Long::longValue).max().orElseThrow();
            // 4,000 messages at 2,000/s: the last PUBACK about 2 s after the first PUBLISH
            assertThat(last / 1e9).as("seconds until the last PUBACK").isBetween(1.85, 2.4);
            for (long from = 250_000_000L; from + 1_000_000_000L <= 1_750_000_000L; from += 250_000_000L) {
                long f = from;
                long n = acks.stream().filter(t -> t >= f && t < f + 1_000_000_000L).count();
                assertThat(n).as("PUBACKs in the second from %d ms", from / 1_000_000).isBetween(1800L, 2200L);
            }
            // the queue grows by 2,000 a second: a message sent at t waits about t
            assertThat(median(firstLatencies)).as("median latency of the first 300 ms").isLessThan(350_000_000L);
            assertThat(median(lastLatencies)).as("median latency after 700 ms").isBetween(600_000_000L, 1_200_000_000L);
            HubFaultStats.Operation publish = hub.faultStats().operation(HubOperation.PUBLISH);
            assertThat(publish.overflowed()).isZero();
            assertThat(publish.queued()).isBetween(3800L, 4020L);
            assertThat(publish.injectedNanos() / 1e9).as("injected seconds")
                    .isBetween(latencies.stream().mapToLong(Long::longValue).sum() / 1e9 * 0.8,
                            latencies.stream().mapToLong(Long::longValue).sum() / 1e9);
            assertThat(hub.stats().messagesIn()).isEqualTo(4020);
        }
    }

    @Test
    void aConnectCapOf300PerSecondAnswersConnectsAt300PerSecond() throws Exception {
        try (Hub hub = hub(HubFaults.builder().limit(HubOperation.CONNECT, 300, null).build())) {
            List<RawMqttClient> warm = connected(hub, 30, "warm");
            await(() -> warm.stream().allMatch(c -> c.first(CONNACK) != null), 10_000);
            List<RawMqttClient> clients = connected(hub, 600, "con");
            long start = System.nanoTime();
            await(() -> clients.stream().allMatch(c -> c.first(CONNACK) != null), 20_000);
            List<Long> at = clients.stream().map(c -> c.first(CONNACK)).peek(r -> assertThat(r.packetIdOrCode())
                    .as("CONNACK code").isZero()).map(r -> r.nanos() - start).sorted().toList();
            // 600 connects at 300/s: the last slot is 599 x 3.33 ms after the first, which cannot come before the
            // CONNECTs were sent; once the hub has read the burst (its first ~100 ms), 300 CONNACKs a second
            assertThat(at.get(599) / 1e9).as("seconds until the last CONNACK").isBetween(1.9, 2.6);
            for (int from : new int[] {150, 299}) {
                long t0 = at.get(from);
                long inSecond = at.stream().filter(t -> t >= t0 && t < t0 + 1_000_000_000L).count();
                assertThat(inSecond).as("CONNACKs in the second from the %dth", from).isBetween(270L, 330L);
            }
            assertThat(hub.stats().connectsAccepted()).isEqualTo(630);
            assertThat(hub.faultStats().operation(HubOperation.CONNECT).queued()).isGreaterThan(550);
        }
    }

    @Test
    void aFullQueueRefusesConnectsWithConnack3AndCountsTheOverflow() throws Exception {
        try (Hub hub = hub(HubFaults.builder().limit(HubOperation.CONNECT, 4, null).queueCapacity(5).build())) {
            List<RawMqttClient> clients = connected(hub, 40, "full");
            await(() -> clients.stream().allMatch(c -> c.first(CONNACK) != null), 10_000);
            long refused = clients.stream().filter(c -> c.first(CONNACK).packetIdOrCode() == 3).count();
            long accepted = clients.stream().filter(c -> c.first(CONNACK).packetIdOrCode() == 0).count();
            // 40 at once, 4/s: the first goes at once, 5 wait up to 1.25 s, the rest find the queue full (the burst
            // reaching the hub over up to 300 ms lets one more in)
            assertThat(accepted).isBetween(6L, 8L);
            assertThat(refused + accepted).isEqualTo(40);
            await(() -> clients.stream().filter(c -> c.first(CONNACK).packetIdOrCode() == 3).allMatch(c -> c.closed),
                    5_000);
            assertThat(hub.faultStats().operation(HubOperation.CONNECT).overflowed()).isEqualTo(refused);
            assertThat(hub.stats().refusals(RefusalReason.FAULT_INJECTED)).isEqualTo(refused);
            assertThat(hub.stats().connectsAccepted()).isEqualTo(accepted);
        }
    }

    /** One acknowledged QoS 1 PUBLISH per client, so that the measured ones do not meet a cold hub. */
    private static void warmUp(List<RawMqttClient> clients) throws InterruptedException {
        for (int c = 0; c < clients.size(); c++) {
            clients.get(c).write(RawMqttSocket.publish(TestDevices.PRODUCT + "/pub" + c + "/event", 1, 1000,
                    "{}".getBytes(), false));
        }
        await(() -> clients.stream().allMatch(c -> c.count(PUBACK) == 1), 10_000);
    }

    static long median(List<Long> values) {
        assertThat(values).isNotEmpty();
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static void await(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeoutMs + " ms");
            }
            Thread.sleep(10);
        }
    }
}
