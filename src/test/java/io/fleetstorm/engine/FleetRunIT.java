package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.hub.ConnectRecord;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A short fleet run against the embedded hub over real sockets, checked from what the hub recorded. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FleetRunIT {

    private static final String PRODUCT = "FLEETRUN01";
    private static final String SECRET = "s3cret";

    private static DeviceProfile javaSdk(List<DeviceProfile.Subscription> subs) {
        return new DeviceProfile(0, PRODUCT, SignMethod.HMACSHA256, SdkAppId.JAVA_SDK,
                DeviceProfile.ExpiryStyle.NOW_PLUS, 3600, 60, true, subs, false, true, DeviceProfile.ShadowVersion.ZERO, 5_000, 10,
                new DeviceProfile.Backoff(1_000, 1_000, 120_000, 0));
    }

    @Test
    void devicesConnectSignedAsTheSdkAndPublishAtExactlyTheConfiguredRates() throws Exception {
        RecordingHubEvents events = new RecordingHubEvents();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
        try (Hub hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED)
                        .apiPort(HubOptions.DISABLED).events(events))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait()) {
            int devices = 200;
            GroupPlan group = GroupPlan.keyDevices("sensors", javaSdk(List.of(DeviceProfile.Subscription.DATA)), devices,
                    i -> new DeviceId(PRODUCT, String.format("sensor-%05d", i)),
                    i -> Signer.decodePsk(DerivedPsk.derive(SECRET, PRODUCT, String.format("sensor-%05d", i))));
            PayloadSource payload = (id, seq, ms) -> ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
            LoadPlan plan = new LoadPlan("it", List.of(group), List.of(
                    new PhasePlan("ramp", 0, 2_000_000_000L,
                            List.of(new Activity.ConnectRamp(0, IntendedTimes.even(400)))),
                    new PhasePlan("steady", 2_000_000_000L, 3_000_000_000L, List.of(
                            new Activity.Publish(0, "telemetry", "event", 1, payload, IntendedTimes.even(200)),
                            new Activity.Publish(0, "echo", "data", 1, payload, IntendedTimes.even(20))))),
                    new InetSocketAddress("127.0.0.1", hub.mqttPort()), List.of(), 2_000_000_000L, null, null);

            RunController run = new RunController(vertx, plan, 2, NanoClock.SYSTEM);
            RunController.Outcome outcome = run.start(Recorders.fresh(2), RunListener.NONE)
                    .await(30, TimeUnit.SECONDS);

            assertThat(outcome).isEqualTo(RunController.Outcome.COMPLETED);
            assertThat(events.accepted()).hasSize(devices);
            ConnectRecord first = events.accepted().stream()
                    .filter(c -> c.clientId().equals(PRODUCT + "sensor-00000")).findFirst().orElseThrow();
            assertThat(first.userName()).matches(PRODUCT + "sensor-00000;12010126;[A-Za-z0-9]{5};\\d{10}");
            assertThat(first.passwordMethod()).isEqualTo("hmacsha256");
            assertThat(first.keepAliveSeconds()).isEqualTo(60);
            assertThat(first.cleanSession()).isTrue();
            assertThat(first.protocolVersion()).isEqualTo(4);
            assertThat(events.subscriptions()).hasSize(devices)
                    .allSatisfy(s -> assertThat(s.topicFilter()).endsWith("/data"));
            assertThat(events.published(p -> p.topic().endsWith("/event"))).as("3 s x 200/s").hasSize(600)
                    .allSatisfy(p -> assertThat(p.qos()).isEqualTo(1));
            assertThat(events.published(p -> p.topic().endsWith("/data"))).as("3 s x 20/s").hasSize(60);
            assertThat(events.deliveries()).as("echoes sent back").hasSize(60);
            assertThat(events.disconnects()).hasSize(devices);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void certificateDevicesUseMutualTlsAndCSdkKeyDevicesTlsPskOnTheSameTlsPort() throws Exception {
        RecordingHubEvents events = new RecordingHubEvents();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
        try (Hub hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(HubOptions.DISABLED).tlsPort(0)
                        .apiPort(HubOptions.DISABLED).events(events))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait()) {
            int count = 20;
            java.util.List<io.fleetstorm.tls.CertifiedKey> keys = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                DeviceId id = new DeviceId(PRODUCT, "cam-" + i);
                io.fleetstorm.tls.CertifiedKey key = hub.certificateAuthority().issueDevice(PRODUCT, id.deviceName());
                hub.registry().addDevice(io.fleetstorm.hub.Device.withCertificate(id, key.certificate()));
                keys.add(key);
            }
            DeviceProfile certProfile = javaSdk(List.of());
            GroupPlan cameras = new GroupPlan("cameras", certProfile, count, i -> new DeviceId(PRODUCT, "cam-" + i),
                    i -> null, keys::get);
            DeviceProfile keyProfile = new DeviceProfile(1, PRODUCT, SignMethod.HMACSHA1, SdkAppId.C_SDK,
                    DeviceProfile.ExpiryStyle.C_SDK_NEVER, 0, 240, true, List.of(), false, false, DeviceProfile.ShadowVersion.NONE, 5_000, 10,
                    new DeviceProfile.Backoff(1_000, 2_000, 60_000, 60_000));
            GroupPlan sensors = GroupPlan.keyDevices("sensors", keyProfile, count,
                    i -> new DeviceId(PRODUCT, "tls-" + i),
                    i -> Signer.decodePsk(DerivedPsk.derive(SECRET, PRODUCT, "tls-" + i)));
            PayloadSource payload = PayloadSource.fixed("{}".getBytes(StandardCharsets.UTF_8));
            // a generous ramp: the first TLS handshakes of a cold JVM on a busy 2-core machine take seconds
            LoadPlan plan = new LoadPlan("tls", List.of(cameras, sensors), List.of(
                    new PhasePlan("ramp", 0, 8_000_000_000L, List.of(
                            new Activity.ConnectRamp(0, IntendedTimes.even(100)),
                            new Activity.ConnectRamp(1, IntendedTimes.even(100)))),
                    new PhasePlan("steady", 8_000_000_000L, 1_000_000_000L, List.of(
                            new Activity.Publish(1, "telemetry", "event", 1, payload, IntendedTimes.even(40))))),
                    new InetSocketAddress("127.0.0.1", hub.tlsPort()), List.of(), 1_000_000_000L,
                    new LoadPlan.TargetTls(List.of(hub.certificateAuthority().certificate()), false), null);

            RunController.Outcome outcome = new RunController(vertx, plan, 2, NanoClock.SYSTEM)
                    .start(Recorders.fresh(2), RunListener.NONE).await(30, TimeUnit.SECONDS);

            assertThat(outcome).isEqualTo(RunController.Outcome.COMPLETED);
            assertThat(events.refused()).isEmpty();
            assertThat(events.accepted()).hasSize(2 * count).allSatisfy(c -> assertThat(c.tls()).isTrue());
            assertThat(events.accepted()).filteredOn(ConnectRecord::clientCertificate).hasSize(count)
                    .allSatisfy(c -> assertThat(c.clientId()).contains("cam-"));
            assertThat(events.accepted()).filteredOn(c -> c.clientId().contains("tls-"))
                    .allSatisfy(c -> {
                        // the C SDK's key devices over TLS speak TLS-PSK and then send no password (and vertx-mqtt
                        // hides a UserName sent without one)
                        assertThat(c.passwordMethod()).isNull();
                        assertThat(c.keepAliveSeconds()).isEqualTo(240);
                    });
            assertThat(events.published(p -> p.topic().endsWith("/event"))).hasSize(40);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
