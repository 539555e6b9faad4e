package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubLimits;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.HubScript;
import io.fleetstorm.hub.Product;
import io.fleetstorm.hub.RecordingHubEvents;
import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Targets that are down, late or restarting, over real sockets against the embedded hub: devices retry with their
 * SDK back-off, every failed attempt is counted by cause, and a restart is reported as one outage per group.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TargetOutageRunIT {

    private static final String PRODUCT = "OUTAGERUN1";
    private static final String SECRET = "s3cret";
    private static final long S = 1_000_000_000L;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static DeviceProfile javaSdk(int group) {
        return new DeviceProfile(group, PRODUCT, SignMethod.HMACSHA256, SdkAppId.JAVA_SDK,
                DeviceProfile.ExpiryStyle.INT_MAX, 0, 60, true, List.of(), false, true,
                DeviceProfile.ShadowVersion.ZERO, DeviceProfile.Timeouts.SDK_DEFAULTS, 10,
                new DeviceProfile.Backoff(1_000, 1_000, 120_000, 0));
    }

    private static DeviceProfile cSdk(int group) {
        return new DeviceProfile(group, PRODUCT, SignMethod.HMACSHA256, SdkAppId.C_SDK,
                DeviceProfile.ExpiryStyle.C_SDK_NEVER, 0, 240, true, List.of(), false, false,
                DeviceProfile.ShadowVersion.NONE, DeviceProfile.Timeouts.SDK_DEFAULTS, 10,
                new DeviceProfile.Backoff(1_000, 2_000, 60_000, 60_000));
    }

    private static GroupPlan group(String name, DeviceProfile profile, int count) {
        return GroupPlan.keyDevices(name, profile, count, i -> new DeviceId(PRODUCT, name + "-" + i),
                i -> Signer.decodePsk(DerivedPsk.derive(SECRET, PRODUCT, name + "-" + i)));
    }

    private static Hub hub(int port, RecordingHubEvents events) {
        return hub(port, events, new HubScript() {
        });
    }

    private static Hub hub(int port, RecordingHubEvents events, HubScript script) {
        return Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(port).tlsPort(HubOptions.DISABLED)
                        .apiPort(HubOptions.DISABLED).limits(HubLimits.CLOUD.withConnectIntervalMs(0)).events(events)
                        .script(script))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A run of {@code plan} whose result the test reads: counters, errors and latencies over the whole run. */
    private record Finished(ResultSection run, List<Outage> outages) {
        long counter(Counter c) {
            return run.counter(c);
        }

        Map<String, Long> errors() {
            return run.errors().entrySet().stream().collect(Collectors.toMap(
                    e -> e.getKey().kind() + "/" + e.getKey().reason(), Map.Entry::getValue, Long::sum));
        }
    }

    private Finished run(LoadPlan plan, Consumer<RunController> duringRun) throws Exception {
        MetricsRegistry registry = new MetricsRegistry(new RunInfo("it", "it",
                plan.groups().stream().map(GroupPlan::name).toList(), List.of()));
        IntervalCollector collector = new IntervalCollector(registry);
        List<LoopRecorder> recorders = List.of(registry.newLoopRecorder(), registry.newLoopRecorder());
        RunController controller = new RunController(vertx, plan, 2, NanoClock.SYSTEM);
        var finished = controller.start(recorders::get, RunListener.NONE);
        duringRun.accept(controller);
        assertThat(finished.await(60, TimeUnit.SECONDS)).isEqualTo(RunController.Outcome.COMPLETED);
        return new Finished(collector.finish(null, null).run(), controller.outages());
    }

    private static LoadPlan plan(List<GroupPlan> groups, int port, long rampNanos, long holdNanos,
            List<Activity> during) {
        List<Activity> ramps = new java.util.ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            ramps.add(new Activity.ConnectRamp(g, IntendedTimes.even(groups.get(g).count() * S / (double) rampNanos)));
        }
        return new LoadPlan("outage", groups, List.of(new PhasePlan("connect", 0, rampNanos, ramps),
                new PhasePlan("hold", rampNanos, holdNanos, during)), new InetSocketAddress("127.0.0.1", port),
                List.of(), S, null, null);
    }

    @Test
    void aHubThatStartsFourSecondsLateGetsEveryDeviceWithTheOutageInTheConnectLatency() throws Exception {
        int port = freePort();
        RecordingHubEvents events = new RecordingHubEvents();
        int devices = 30;
        LoadPlan plan = plan(List.of(group("late", javaSdk(0), devices)), port, 2 * S, 10 * S, List.of());
        Hub[] hub = new Hub[1];
        try {
            Finished f = run(plan, controller -> {
                try {
                    Thread.sleep(4_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                hub[0] = hub(port, events);
            });

            assertThat(events.accepted()).as("every device connected once").hasSize(devices);
            assertThat(f.counter(Counter.DEVICES_CONNECTED_ONCE)).isEqualTo(devices);
            assertThat(f.counter(Counter.DEVICES_NEVER_CONNECTED)).isZero();
            assertThat(f.counter(Counter.CONNECTS_OK)).isEqualTo(devices);
            long refused = f.errors().getOrDefault("connect/refused", 0L);
            assertThat(refused).as("each device failed before the hub was up").isGreaterThanOrEqualTo(devices);
            assertThat(f.errors()).as("refusals are the only errors").containsOnlyKeys("connect/refused");
            assertThat(f.counter(Counter.CONNECT_ATTEMPTS)).as("attempts = refused + connected")
                    .isEqualTo(refused + devices);
            assertThat(f.counter(Counter.CONNECT_RETRIES)).as("every attempt after a failed one")
                    .isEqualTo(refused);
            Histogram connect = f.run().latency(Operation.CONNECT, null).corrected();
            assertThat(connect.getTotalCount()).isEqualTo(devices);
            assertThat(connect.getMinValue() / 1_000_000).as("measured from the ramp's instant: the wait shows")
                    .isGreaterThanOrEqualTo(2_000L);
            assertThat(f.outages()).as("nothing was connected to lose").isEmpty();
        } finally {
            if (hub[0] != null) {
                hub[0].close();
            }
        }
    }

    @Test
    void aHubRestartedMidRunIsOneOutagePerGroupAndEveryDeviceComesBackWithinItsBackOff() throws Exception {
        RecordingHubEvents events = new RecordingHubEvents();
        Hub first = hub(0, events, new HubScript() {
            @Override
            public long pubackDelayMillis(String clientId, String topic, long nowMillis) {
                return 500; // so that QoS 1 publishes are in flight when the hub goes down
            }
        });
        int port = first.mqttPort();
        int perGroup = 20;
        List<GroupPlan> groups = List.of(group("c", cSdk(0), perGroup), group("java", javaSdk(1), perGroup));
        LoadPlan plan = plan(groups, port, S, 15 * S, List.of(
                new Activity.Publish(0, "telemetry", "event", 1, PayloadSource.fixed(new byte[8]),
                        IntendedTimes.even(40)),
                new Activity.Publish(1, "telemetry", "event", 1, PayloadSource.fixed(new byte[8]),
                        IntendedTimes.even(40))));
        Hub[] second = new Hub[1];
        long[] downMillis = new long[2];
        try {
            Finished f = run(plan, controller -> {
                try {
                    long deadline = System.nanoTime() + 6 * S; // every device connected first, even on a busy machine
                    while (controller.state().connectedTotal() < 2 * perGroup && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    Thread.sleep(1_000);
                    downMillis[0] = System.currentTimeMillis();
                    first.close();
                    Thread.sleep(2_000);
                    second[0] = hub(port, events);
                    downMillis[1] = System.currentTimeMillis();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            System.out.println("hub down for " + (downMillis[1] - downMillis[0]) + " ms; outages: " + f.outages());
            assertThat(f.outages()).extracting(Outage::group).containsExactly("c", "java");
            for (Outage o : f.outages()) {
                assertThat(o.dropped()).as("every device of %s lost its link", o.group()).isEqualTo(perGroup);
                assertThat(o.neverBack()).isZero();
                assertThat(o.startEpochMillis()).isBetween(downMillis[0] - 100, downMillis[0] + 2_000);
                long downFor = downMillis[1] - o.startEpochMillis();
                assertThat(o.back50Millis()).isLessThanOrEqualTo(o.back99Millis());
                assertThat(o.back99Millis()).isLessThanOrEqualTo(o.back100Millis());
                assertThat(o.back50Millis()).as("nobody is back while the hub is down").isGreaterThanOrEqualTo(
                        downFor - 100);
                // back-off bounds: C SDK waits r, 2r (r in 1-2 s): back by 3r <= 6 s after the loss; Java 1 s, 2 s,
                // 4 s: back by 7 s; plus connect time on a loaded machine
                long bound = o.group().equals("c") ? 6_000 : 7_000;
                assertThat(o.back100Millis()).as("%s back within its back-off", o.group())
                        .isLessThanOrEqualTo(bound + 1_500);
            }
            assertThat(f.outages().stream().mapToLong(Outage::qos1Unacknowledged).sum())
                    .as("publishes in flight at the drop (PUBACKs held 500 ms): each lost its PUBACK")
                    .isPositive().isEqualTo(f.errors().get("disconnect/publish-ack"));
            assertThat(f.counter(Counter.DEVICES_CONNECTED_ONCE)).isEqualTo(2 * perGroup);
            assertThat(f.counter(Counter.DEVICES_NEVER_CONNECTED)).isZero();
            assertThat(f.counter(Counter.CONNECTS_OK)).as("each device twice").isEqualTo(4 * perGroup);
            assertThat(f.run().counters().entrySet().stream()
                    .filter(e -> e.getKey().counter() == Counter.DISCONNECTS && e.getKey().behaviour().equals("lost"))
                    .mapToLong(Map.Entry::getValue).sum()).isEqualTo(2 * perGroup);
            assertThat(f.errors().keySet()).as("failed attempts while down, in-flight publishes lost with the link")
                    .allSatisfy(k -> assertThat(k).isIn("connect/refused", "disconnect/publish-ack",
                            "skipped/not_connected", "connect/closed_before_connack", "connect/reset"));
            assertThat(f.errors()).doesNotContainKey("disconnect/connect");
        } finally {
            if (second[0] != null) {
                second[0].close();
            }
        }
    }

    @Test
    void withNothingListeningEveryAttemptFailsWithItsCauseAndNoDeviceEverConnects() throws Exception {
        int port = freePort();
        int devices = 20;
        LoadPlan plan = plan(List.of(group("nobody", javaSdk(0), devices)), port, S, 3 * S, List.of());

        Finished f = run(plan, controller -> { });

        assertThat(f.counter(Counter.DEVICES_NEVER_CONNECTED)).isEqualTo(devices);
        assertThat(f.counter(Counter.DEVICES_CONNECTED_ONCE)).isZero();
        assertThat(f.counter(Counter.CONNECTS_OK)).isZero();
        long attempts = f.counter(Counter.CONNECT_ATTEMPTS);
        assertThat(attempts).as("1 s, 2 s: at least 2 attempts each in 4 s").isGreaterThanOrEqualTo(2L * devices);
        assertThat(f.errors()).containsExactlyEntriesOf(Map.of("connect/refused", attempts));
        assertThat(f.counter(Counter.CONNECT_RETRIES)).isEqualTo(attempts - devices);
        assertThat(f.run().errors().keySet()).extracting(ErrorKey::group).containsOnly("nobody");
    }
}
