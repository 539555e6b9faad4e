package io.fleetstorm.scenario.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.scenario.ConstantRate;
import io.fleetstorm.scenario.Payload;
import io.fleetstorm.scenario.RampRate;
import io.fleetstorm.scenario.Sdk;
import io.fleetstorm.scenario.Subscription;
import io.fleetstorm.scenario.TopicChoice;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What every behaviour answers, and the tables that must stay in step with the sealed list. */
class BehaviourTest {

    private static final Payload P = Payload.ofSize(8);

    static final List<Behaviour> ONE_OF_EACH = List.of(
            new Connect(new ConstantRate(100, false)),
            new Idle(),
            new Telemetry(new ConstantRate(1, true), 1, new TopicChoice.Custom("t"), P),
            new Echo(new ConstantRate(20, false), 1, P),
            new Downlink(new ConstantRate(10, false), 1, P),
            new Shadow(new ConstantRate(0.1, true), new ConstantRate(10, false), new RampRate(10, 20, false)),
            new Ota(0.05, "1.1.0", 65_536, true, 0, Duration.ofSeconds(1), 0.1),
            new Reconnect(0.3, true, 0.95, null),
            new Bind(null),
            new Online(new ConstantRate(200, false)),
            new Offline(new ConstantRate(1, true)),
            new Register(new ConstantRate(500, false)),
            new Config(new ConstantRate(0.1, true), new ConstantRate(2, false)),
            new Resource(new ConstantRate(0.05, true), new ConstantRate(10, false), 16_384));

    @Test
    void theReaderTableListsEveryPermittedBehaviourOnce() throws Exception {
        Set<String> keys = new java.util.HashSet<>();
        for (Class<?> kind : Behaviour.class.getPermittedSubclasses()) {
            var field = kind.getDeclaredField("KEY");
            keys.add((String) field.get(null));
        }
        assertThat(Behaviours.keys()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(ONE_OF_EACH.stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Behaviour.class.getPermittedSubclasses());
    }

    @Test
    void everyOperationABehaviourProducesIsAMetricsOperation() {
        Set<String> labels = Arrays.stream(Operation.values()).map(Operation::label).collect(Collectors.toSet());
        ONE_OF_EACH.forEach(b -> assertThat(labels).as(b.key()).containsAll(b.operations()));
        Set<String> produced = ONE_OF_EACH.stream().flatMap(b -> b.operations().stream()).collect(Collectors.toSet());
        assertThat(produced).containsExactlyInAnyOrderElementsOf(labels);
    }

    @Test
    void subscriptionsAndSdkStylesNameTheDeviceProfilesValues() {
        for (Subscription s : Subscription.values()) {
            assertThat(DeviceProfile.Subscription.valueOf(s.name())).isNotNull();
        }
        for (Sdk.Expiry e : Sdk.Expiry.values()) {
            assertThat(DeviceProfile.ExpiryStyle.valueOf(e.name())).isNotNull();
        }
        for (Sdk.ShadowVersion v : Sdk.ShadowVersion.values()) {
            assertThat(DeviceProfile.ShadowVersion.valueOf(v.name())).isNotNull();
        }
    }

    @Test
    void eachDescribesItselfInOneLine() {
        assertThat(ONE_OF_EACH.stream().map(Behaviour::describe)).containsExactly(
                "connect at 100/s",
                "idle (keepalive only)",
                "telemetry to custom:t at 1/s per device, QoS 1, payload 8B",
                "echo at 20/s, QoS 1",
                "downlink through the API at 10/s, QoS 1",
                "shadow: report 6/min per device, get 10/s, desired through the API 10/s -> 20/s",
                "OTA to 1.1.0 (65536 B) for 5% of the group through an API task, burn 1s, 10% fail",
                "reconnect storm: 30% drop abruptly at once, recovery at 95% back",
                "gateways bind their sub-devices all at once",
                "gateways bring their sub-devices online at 200/s",
                "gateways take their sub-devices offline at 1/s per device",
                "dynamic registration at 500/s",
                "remote configuration: get 6/min per device, push through the API 2/s (each to every online device "
                        + "of the product)",
                "resources of 16384 B: upload 3/min per device, download tasks through the API 10/s");
    }

    @Test
    void shardsScaleWholeGroupRatesAndKeepPerDeviceOnes() {
        assertThat(ONE_OF_EACH.stream().map(b -> b.scaled(0.5).describe())).containsExactly(
                "connect at 50/s",
                "idle (keepalive only)",
                "telemetry to custom:t at 1/s per device, QoS 1, payload 8B",
                "echo at 10/s, QoS 1",
                "downlink through the API at 5/s, QoS 1",
                "shadow: report 6/min per device, get 5/s, desired through the API 5/s -> 10/s",
                "OTA to 1.1.0 (65536 B) for 5% of the group through an API task, burn 1s, 10% fail",
                "reconnect storm: 30% drop abruptly at once, recovery at 95% back",
                "gateways bind their sub-devices all at once",
                "gateways bring their sub-devices online at 100/s",
                "gateways take their sub-devices offline at 1/s per device",
                "dynamic registration at 250/s",
                "remote configuration: get 6/min per device, push through the API 1/s (each to every online device "
                        + "of the product)",
                "resources of 16384 B: upload 3/min per device, download tasks through the API 5/s");
    }

    @Test
    void uplinkCountsWhatDevicesSendNotWhatTheApplicationSends() {
        assertThat(ONE_OF_EACH.stream().mapToDouble(b -> b.uplinkPerDevice(100)).toArray())
                .containsExactly(0, 0, 1, 0.2, 0, 0.1 + 0.1, 0, 0, 0, 0, 0, 0, 0.1, 2 * (0.05 + 0.1));
    }

    @Test
    void subDevicesRunWhatTheirGatewayCarriesAndConnectionsWhatNeedsOne() {
        assertThat(ONE_OF_EACH.stream().filter(b -> !b.forSubDevices()).map(Behaviour::key))
                .containsExactly("connect", "reconnect", "register");
        assertThat(ONE_OF_EACH.stream().filter(b -> !b.forDirectDevices()).map(Behaviour::key))
                .containsExactly("bind", "online", "offline");
    }

    @Test
    void planRowsCoverEveryRateAndTheOneOffs() {
        long phase = 10_000_000_000L;
        assertThat(ONE_OF_EACH.stream().flatMap(b -> b.plan(1_000, phase).stream())
                .map(r -> r.label() + "=" + Math.round(r.expected()))).containsExactly(
                "connect=1000", "telemetry=10000", "echo=200", "downlink=100", "shadow report=1000",
                "shadow get=100", "shadow desired=150", "ota wave=50", "reconnect storm=300", "bind=1000",
                "online=1000", "offline=1000", "register=1000", "config get=1000", "config push=20",
                "config deliveries=20000", "resource upload=500", "resource download=100");
    }
}
