package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.device.DeviceSelection;
import io.fleetstorm.hub.CloseReason;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubLimits;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.fleetstorm.hub.RecordingHubEvents;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.Operation;
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
}
