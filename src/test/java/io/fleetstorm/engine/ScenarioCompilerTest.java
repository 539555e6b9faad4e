package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.Signer;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.ScenarioLoader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's reading of a scenario: one activity per stream, the SDK's profile, the group's timeouts. */
class ScenarioCompilerTest {

    @TempDir
    Path dir;

    private LoadPlan compile(String yaml) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, yaml);
        Scenario s = ScenarioLoader.load(file, Map.of());
        return ScenarioCompiler.compile(s, new InetSocketAddress("127.0.0.1", 1883), null, null);
    }

    @Test
    void everyBehaviourBecomesItsActivitiesAndTheProfileItsSubscriptions() throws Exception {
        LoadPlan plan = compile("""
                name: c
                groups:
                  - name: g
                    productId: P1
                    count: 10
                    sdk: java-sdk
                    timeouts: {connack: 7s, shadow: 2s}
                    credentials: {productSecret: s}
                phases:
                  - {name: up, duration: 2s, g: {connect: 10/s}}
                  - name: run
                    duration: 10s
                    g:
                      telemetry: {rate: 10/s -> 50/s poisson, topic: custom:t}
                      echo: {rate: 1/s}
                      shadow: {report: 1/s, get: 1/s, desired: 1/s}
                      downlink: {rate: 1/s}
                      reconnect: {fraction: 10%, rate: 1/s}
                  - {name: ota, duration: 5s, g: {ota: {fraction: 50%, version: 2.0.0}, idle: {}}}
                """);
        assertThat(plan.phases()).extracting(p -> p.activities().stream().map(a -> a.getClass().getSimpleName())
                .toList()).containsExactly(
                        List.of("ConnectRamp"),
                        List.of("Publish", "Publish", "ShadowReport", "ShadowGet", "ShadowDesired",
                                "Downlink", "ReconnectStorm"),
                        List.of("OtaWave"));
        Activity.Publish telemetry = (Activity.Publish) plan.phases().get(1).activities().get(0);
        assertThat(telemetry.topicSuffix()).isEqualTo("t");
        assertThat(telemetry.times()).isInstanceOf(PoissonTimes.class);
        Activity.OtaWave ota = (Activity.OtaWave) plan.phases().get(2).activities().get(0);
        assertThat(ota.behaviour().progressIntervalMs()).as("java-sdk cadence").isEqualTo(100);

        DeviceProfile p = plan.groups().get(0).profile();
        assertThat(p.subscriptions()).containsExactly(DeviceProfile.Subscription.SHADOW_RESULT,
                DeviceProfile.Subscription.OTA_UPDATE,
                DeviceProfile.Subscription.DATA, DeviceProfile.Subscription.CONTROL);
        assertThat(p.sdkAppId()).isEqualTo(SdkAppId.JAVA_SDK);
        assertThat(p.expiryStyle()).isEqualTo(DeviceProfile.ExpiryStyle.INT_MAX);
        assertThat(p.keepAliveSeconds()).isEqualTo(60);
        assertThat(p.timeSyncOnConnect()).isFalse();
        assertThat(p.clientTokenWithDevice()).isTrue();
        assertThat(p.backoff()).isEqualTo(new DeviceProfile.Backoff(1_000, 1_000, 120_000, 0));
        assertThat(p.timeouts()).isEqualTo(new DeviceProfile.Timeouts(7_000, 5_000, 5_000, 2_000, 5_000, 5_000,
                10_000));
        assertThat(plan.groups().get(0).psks().apply(3))
                .isEqualTo(Signer.decodePsk(DerivedPsk.derive("s", "P1", "device-00003")));
    }

    @Test
    void theCSdkKeepsItsOwnHabits() throws Exception {
        LoadPlan plan = compile("""
                name: c
                groups: [{name: g, productId: P1, count: 1, credentials: {productSecret: s}}]
                phases: [{name: p, duration: 1s, g: {idle: {}}}]
                """);
        DeviceProfile p = plan.groups().get(0).profile();
        assertThat(p.sdkAppId()).isEqualTo(SdkAppId.C_SDK);
        assertThat(p.expiryStyle()).isEqualTo(DeviceProfile.ExpiryStyle.C_SDK_NEVER);
        assertThat(p.keepAliveSeconds()).isEqualTo(240);
        assertThat(p.timeSyncOnConnect()).isTrue();
        assertThat(p.shadowVersion()).isEqualTo(DeviceProfile.ShadowVersion.NONE);
        assertThat(p.backoff()).isEqualTo(new DeviceProfile.Backoff(1_000, 2_000, 60_000, 60_000));
        assertThat(p.subscriptions()).isEmpty();
        assertThat(p.timeouts()).isEqualTo(DeviceProfile.Timeouts.SDK_DEFAULTS);
    }
}
