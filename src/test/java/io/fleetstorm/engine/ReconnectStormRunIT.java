package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.device.DeviceSelection;
import io.fleetstorm.hub.CloseReason;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubLimits;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.fleetstorm.hub.RecordingHubEvents;
import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;

/** Reconnect storms: the dropped share comes back with its back-off, and recovery is measured once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReconnectStormRunIT {

    private static final String PRODUCT = "STORMRUN01";
    private static final String SECRET = "s3cret";

    @ParameterizedTest(name = "abrupt = {0}, at a rate = {1}")
    @org.junit.jupiter.params.provider.CsvSource({"true, false", "false, false", "true, true"})
    void theDroppedShareReconnectsAndRecoveryIsMeasuredOnce(boolean abrupt, boolean atARate) throws Exception {
        RecordingHubEvents events = new RecordingHubEvents();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
        try (Hub hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED)
                        .apiPort(HubOptions.DISABLED)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)).events(events))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait()) {
            int devices = 60;
            DeviceProfile profile = new DeviceProfile(0, PRODUCT, SignMethod.HMACSHA256, SdkAppId.C_SDK,
                    DeviceProfile.ExpiryStyle.C_SDK_NEVER, 0, 240, true, List.of(DeviceProfile.Subscription.CONTROL),
                    false, false, DeviceProfile.ShadowVersion.NONE, 5_000, 10,
                    new DeviceProfile.Backoff(200, 400, 10_000, 60_000));
            GroupPlan group = GroupPlan.keyDevices("fleet", profile, devices, i -> new DeviceId(PRODUCT, "s-" + i),
                    i -> Signer.decodePsk(DerivedPsk.derive(SECRET, PRODUCT, "s-" + i)));
            LoadPlan plan = new LoadPlan("storm", List.of(group), List.of(
                    new PhasePlan("connect", 0, 1_000_000_000L,
                            List.of(new Activity.ConnectRamp(0, IntendedTimes.even(300)))),
                    new PhasePlan("storm", 1_000_000_000L, 2_000_000_000L,
                            List.of(new Activity.ReconnectStorm(0, 0.5, abrupt, 1.0,
                                    atARate ? IntendedTimes.even(120) : null)))),
                    new InetSocketAddress("127.0.0.1", hub.mqttPort()), List.of(), 1_000_000_000L, null, null);
            MetricsRegistry registry = Recorders.registry(1);
            IntervalCollector collector = new IntervalCollector(registry);
            List<LoopRecorder> recorders = List.of(registry.newLoopRecorder(), registry.newLoopRecorder());
            RunController.Outcome outcome = new RunController(vertx, plan, 2, NanoClock.SYSTEM)
                    .start(recorders::get, RunListener.NONE).await(30, TimeUnit.SECONDS);
            Histogram recoveries = collector.finish(false, null).run().latency(Operation.RECONNECT_RECOVERY, null)
                    .corrected();

            assertThat(outcome).isEqualTo(RunController.Outcome.COMPLETED);
            long dropped = IntStream.range(0, devices).filter(i -> DeviceSelection.unitHash("s-" + i) < 0.5).count();
            assertThat(events.accepted()).as("every device once, the dropped share twice")
                    .hasSize(devices + (int) dropped);
            assertThat(events.disconnects()).filteredOn(d -> d.reason() == (abrupt ? CloseReason.CONNECTION_LOST
                    : CloseReason.CLIENT_DISCONNECT)).hasSizeGreaterThanOrEqualTo((int) dropped);
            assertThat(recoveries.getTotalCount()).as("recovery measured once").isEqualTo(1);
            long recoveryMs = recoveries.getMaxValue() / 1_000_000;
            // at once: back-off 200-400 ms plus connect; at 120/s the 60 turns take 0.5 s more
            assertThat(recoveryMs).as("back-off 200-400 ms plus connect").isBetween(200L, atARate ? 2_000L : 1_500L);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Two groups storm in the same phase, with different shares and recovery targets: each storm's recovery is
     * measured once, in its own group, from its own dropped devices (one tracker per storm, not one per loop).
     */
    @org.junit.jupiter.api.Test
    void twoStormsInOnePhaseEachMeasureTheirOwnRecovery() throws Exception {
        RecordingHubEvents events = new RecordingHubEvents();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
        try (Hub hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED)
                        .apiPort(HubOptions.DISABLED)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)).events(events))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait()) {
            int devices = 40;
            List<GroupPlan> groups = List.of(stormGroup(0, "a", new DeviceProfile.Backoff(200, 200, 10_000, 0)),
                    stormGroup(1, "b", new DeviceProfile.Backoff(1_500, 1_500, 10_000, 0)));
            // a long connect phase: every device must be connected when the storms begin, even on a busy machine
            LoadPlan plan = new LoadPlan("two-storms", groups, List.of(
                    new PhasePlan("connect", 0, 4_000_000_000L, List.of(
                            new Activity.ConnectRamp(0, IntendedTimes.even(200)),
                            new Activity.ConnectRamp(1, IntendedTimes.even(200)))),
                    new PhasePlan("storms", 4_000_000_000L, 3_500_000_000L, List.of(
                            new Activity.ReconnectStorm(0, 0.5, true, 1.0),
                            new Activity.ReconnectStorm(1, 0.3, true, 1.0)))),
                    new InetSocketAddress("127.0.0.1", hub.mqttPort()), List.of(), 1_000_000_000L, null, null);
            MetricsRegistry registry = new MetricsRegistry(new io.fleetstorm.metrics.RunInfo("it", "it",
                    List.of("a", "b"), List.of()));
            IntervalCollector collector = new IntervalCollector(registry);
            List<LoopRecorder> recorders = List.of(registry.newLoopRecorder(), registry.newLoopRecorder());
            RunController controller = new RunController(vertx, plan, 2, NanoClock.SYSTEM);
            RunController.Outcome outcome = controller.start(recorders::get, RunListener.NONE)
                    .await(30, TimeUnit.SECONDS);
            var run = collector.finish(false, null).run();
            assertThat(run.counter(Counter.DEVICES_CONNECTED_ONCE)).as("all connected before the storms")
                    .isEqualTo(2 * devices);

            assertThat(outcome).isEqualTo(RunController.Outcome.COMPLETED);
            Histogram a = run.latency(Operation.RECONNECT_RECOVERY, "a").corrected();
            Histogram b = run.latency(Operation.RECONNECT_RECOVERY, "b").corrected();
            assertThat(a.getTotalCount()).as("group a's storm measured once").isEqualTo(1);
            assertThat(b.getTotalCount()).as("group b's storm measured once").isEqualTo(1);
            // each recovery follows its own group's back-off: 200 ms against 1.5 s
            assertThat(a.getMaxValue() / 1_000_000).isBetween(200L, 1_400L);
            assertThat(b.getMaxValue() / 1_000_000).isBetween(1_500L, 3_000L);
            long droppedA = IntStream.range(0, devices).filter(i -> DeviceSelection.unitHash("a-" + i) < 0.5).count();
            long droppedB = IntStream.range(0, devices).filter(i -> DeviceSelection.unitHash("b-" + i) < 0.3).count();
            assertThat(events.accepted()).hasSize(2 * devices + (int) (droppedA + droppedB));
            assertThat(controller.outages()).as("storms are planned, not outages").allMatch(Outage::planned);
            // each storm's outcome: its dropped devices, all back (when its recovery share, 100 %, was reached)
            assertThat(controller.outages()).extracting(Outage::group, Outage::dropped, Outage::neverBack)
                    .containsExactlyInAnyOrder(tuple("a", (int) droppedA, 0), tuple("b", (int) droppedB, 0));
            assertThat(run.counter(Counter.STORM_DROPPED, "a")).isEqualTo(droppedA);
            assertThat(run.counter(Counter.STORM_DROPPED, "b")).isEqualTo(droppedB);
            for (Outage o : controller.outages()) {
                Histogram measured = o.group().equals("a") ? a : b;
                // all back when the recovery share (100 %) was measured (HdrHistogram keeps 3 significant digits)
                long recoveryMs = measured.getMaxValue() / 1_000_000;
                assertThat(o.back100Millis()).isBetween(recoveryMs * 998 / 1000 - 1, recoveryMs + 1);
                assertThat(o.back50Millis()).isBetween(0L, o.back99Millis());
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static GroupPlan stormGroup(int index, String name, DeviceProfile.Backoff backoff) {
        DeviceProfile profile = new DeviceProfile(index, PRODUCT, SignMethod.HMACSHA256, SdkAppId.C_SDK,
                DeviceProfile.ExpiryStyle.C_SDK_NEVER, 0, 240, true, List.of(), false, false,
                DeviceProfile.ShadowVersion.NONE, 5_000, 10, backoff);
        return GroupPlan.keyDevices(name, profile, 40, i -> new DeviceId(PRODUCT, name + "-" + i),
                i -> Signer.decodePsk(DerivedPsk.derive(SECRET, PRODUCT, name + "-" + i)));
    }
}
