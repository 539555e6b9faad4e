package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubLimits;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.HubScript;
import io.fleetstorm.hub.Product;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Coordinated omission, corrected: the hub holds every PUBACK for one second; devices (10 publishes in flight, as Paho)
 * must wait, so most publishes of that second are sent late. Latency from the intended time shows the stall; service
 * time (from the actual send) does not, except for the few publishes that were in flight when it began.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubStallMeasurementIT {

    private static final String PRODUCT = "STALLRUN01";

    @Test
    void aOneSecondHubStallShowsInCorrectedLatencyAndNotInServiceTime() throws Exception {
        AtomicLong stallStartMillis = new AtomicLong(Long.MAX_VALUE);
        HubScript stall = new HubScript() {
            @Override
            public long pubackDelayMillis(String clientId, String topic, long nowMillis) {
                long start = stallStartMillis.get();
                return nowMillis >= start && nowMillis < start + 1_000 ? start + 1_000 - nowMillis : 0;
            }
        };
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
        try (Hub hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED)
                        .apiPort(HubOptions.DISABLED).script(stall)
                        .limits(HubLimits.CLOUD.withUplinkMessagesPerSecond(10_000)))
                .product(Product.withSecret(PRODUCT, "s")).startAndWait()) {
            DeviceProfile profile = new DeviceProfile(0, PRODUCT, SignMethod.HMACSHA256, SdkAppId.JAVA_SDK,
                    DeviceProfile.ExpiryStyle.INT_MAX, 0, 60, true, List.of(), false, true,
                    DeviceProfile.ShadowVersion.ZERO, 5_000, 10, new DeviceProfile.Backoff(1_000, 1_000, 1_000, 0));
            GroupPlan group = GroupPlan.keyDevices("g", profile, 2, i -> new DeviceId(PRODUCT, "d" + i),
                    i -> Signer.decodePsk(DerivedPsk.derive("s", PRODUCT, "d" + i)));
            LoadPlan plan = new LoadPlan("stall", List.of(group), List.of(
                    new PhasePlan("connect", 0, 500_000_000L, List.of(new Activity.ConnectRamp(0,
                            IntendedTimes.even(100)))),
                    new PhasePlan("publish", 500_000_000L, 10_000_000_000L, List.of(new Activity.Publish(0,
                            "telemetry", "event", 1, PayloadSource.fixed(new byte[16]), IntendedTimes.even(400))))),
                    new InetSocketAddress("127.0.0.1", hub.mqttPort()), List.of(), 3_000_000_000L, null, null);
            RunController run = new RunController(vertx, plan, 2, NanoClock.SYSTEM);
            MetricsRegistry registry = Recorders.registry(1);
            IntervalCollector collector = new IntervalCollector(registry);
            List<LoopRecorder> recorders = new ArrayList<>(List.of(registry.newLoopRecorder(),
                    registry.newLoopRecorder()));
            collector.start();
            vertx.setTimer(5_000, id -> stallStartMillis.set(System.currentTimeMillis())); // mid-phase
            RunController.Outcome outcome = run.start(recorders::get, RunListener.NONE).await(40, TimeUnit.SECONDS);
            LatencyHistograms publishAck = collector.finish(false, null).run().latency(Operation.PUBLISH_ACK, "g0");

            assertThat(outcome).isEqualTo(RunController.Outcome.COMPLETED);
            Histogram corrected = publishAck.corrected();
            Histogram service = publishAck.service();
            assertThat(corrected.getTotalCount()).as("10 s at 400/s, every one acknowledged").isEqualTo(4_000);
            assertThat(corrected.getValueAtPercentile(99)).as("corrected p99 shows the stall")
                    .isGreaterThan(800_000_000L);
            assertThat(corrected.getValueAtPercentile(95)).as("a tenth of the run waited").isGreaterThan(300_000_000L);
            assertThat(service.getValueAtPercentile(99)).as("service p99 does not").isLessThan(150_000_000L);
            assertThat(service.getMaxValue()).as("only the 20 in flight at the stall waited the whole second")
                    .isGreaterThan(800_000_000L);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
