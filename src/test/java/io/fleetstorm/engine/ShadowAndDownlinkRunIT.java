package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.fleetstorm.hub.RecordingHubEvents;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shadow churn and downlinks: devices and the application side against the embedded hub and its API. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShadowAndDownlinkRunIT {

    private static final String PRODUCT = "SHADOWRUN1";
    private static final String SECRET = "s3cret";

    @Test
    void devicesReportGetAndAcknowledgeDeltasAndReceiveDownlinksFromTheApi() throws Exception {
        RecordingHubEvents events = new RecordingHubEvents();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
        try (Hub hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED).apiPort(0)
                        .apiInsecure(true)
                        .events(events))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait()) {
            int devices = 50;
            DeviceProfile profile = new DeviceProfile(0, PRODUCT, SignMethod.HMACSHA256, SdkAppId.C_SDK,
                    DeviceProfile.ExpiryStyle.C_SDK_NEVER, 0, 240, true,
                    List.of(DeviceProfile.Subscription.SHADOW_RESULT, DeviceProfile.Subscription.CONTROL), false,
                    false, DeviceProfile.ShadowVersion.NONE, 5_000, 10,
                    new DeviceProfile.Backoff(1_000, 2_000, 60_000, 60_000));
            GroupPlan group = GroupPlan.keyDevices("thermostats", profile, devices,
                    i -> new DeviceId(PRODUCT, "t-" + i),
                    i -> Signer.decodePsk(DerivedPsk.derive(SECRET, PRODUCT, "t-" + i)));
            LoadPlan plan = new LoadPlan("shadow", List.of(group), List.of(
                    new PhasePlan("connect", 0, 1_000_000_000L,
                            List.of(new Activity.ConnectRamp(0, IntendedTimes.even(200)))),
                    new PhasePlan("churn", 1_000_000_000L, 2_000_000_000L, List.of(
                            new Activity.ShadowReport(0, IntendedTimes.even(50)),
                            new Activity.ShadowGet(0, IntendedTimes.even(25)),
                            new Activity.ShadowDesired(0, IntendedTimes.even(10)),
                            new Activity.Downlink(0, 1, PayloadSource.fixed("{\"cmd\":1}".getBytes(
                                    StandardCharsets.UTF_8)), IntendedTimes.even(10))))),
                    new InetSocketAddress("127.0.0.1", hub.mqttPort()), List.of(), 2_000_000_000L, null,
                    URI.create("http://127.0.0.1:" + hub.apiPort()));

            RunController.Outcome outcome = new RunController(vertx, plan, 2, NanoClock.SYSTEM)
                    .start(Recorders.fresh(2), RunListener.NONE).await(30, TimeUnit.SECONDS);

            assertThat(outcome).isEqualTo(RunController.Outcome.COMPLETED);
            List<String> shadowRequests = events.published(p -> p.topic().startsWith("$shadow/operation/"))
                    .stream().map(p -> p.payloadUtf8()).toList();
            // 100 reports + 50 gets + one acknowledgement per delta (20 desired changes)
            assertThat(shadowRequests.stream().filter(s -> s.startsWith("{\"type\":\"get\", \"clientToken\":\""
                    + PRODUCT + "-"))).hasSize(50);
            assertThat(shadowRequests.stream().filter(s -> s.contains("\"desired\":null"))).hasSize(20)
                    .allSatisfy(s -> assertThat(s).matches("\\{\"type\":\"update\", \"state\":\\{\"reported\":"
                            + "\\{\"target\":\\d+}, \"desired\":null}, \"clientToken\":\"" + PRODUCT + "-\\d+\"}"));
            assertThat(shadowRequests.stream().filter(s -> s.contains("\"temperature\""))).hasSize(100);
            assertThat(events.deliveries()).filteredOn(d -> d.topic().endsWith("/control")).hasSize(20);
            assertThat(events.deliveries()).filteredOn(d -> d.topic().startsWith("$shadow/operation/result/")
                    && new String(d.payload(), StandardCharsets.UTF_8).startsWith("{\"type\":\"delta\"")).hasSize(20);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
