package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.device.FakeDeviceHost;
import io.fleetstorm.device.VirtualDevice;
import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.FakeClock;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.IntervalSnapshot;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The application side against a scripted cloud API: a desired-state change that races the device's own
 * acknowledgement is re-read and retried (fleetstorm's race, not the target's error), within bounds.
 */
class ApplicationSideTest {

    private static final DeviceId ID = new DeviceId("APPSIDE001", "d1");

    private final FakeClock clock = new FakeClock();
    private final MetricsRegistry registry = new MetricsRegistry(new RunInfo("t", "t", List.of("g0"), List.of()));
    private final LoopRecorder recorder = registry.newLoopRecorder();
    private final IntervalCollector collector = new IntervalCollector(registry, clock, TimeUnit.SECONDS.toNanos(1));
    private final List<String> calls = new ArrayList<>();
    private final ArrayDeque<String> updateErrors = new ArrayDeque<>();
    private long shadowVersion = 7;

    private Future<JsonObject> api(String action, JsonObject params) {
        calls.add(action + (params.containsKey("ShadowVersion") ? "@" + params.getLong("ShadowVersion") : ""));
        if (action.equals(CloudActions.DESCRIBE_DEVICE_SHADOW)) {
            return Future.succeededFuture(new JsonObject().put("Data", new JsonObject()
                    .put("version", shadowVersion++).encode()));
        }
        String error = updateErrors.poll();
        return error == null ? Future.succeededFuture(new JsonObject())
                : Future.failedFuture(new HubApiClient.ApiError(error, "scripted"));
    }

    private ApplicationSide side() {
        return new ApplicationSide(null, null, 0, recorder, clock, null, () -> { }, new HashMap<>(), this::api,
                Future::succeededFuture);
    }

    private static VirtualDevice device() {
        DeviceProfile profile = new DeviceProfile(0, ID.productId(), SignMethod.HMACSHA256, SdkAppId.JAVA_SDK,
                DeviceProfile.ExpiryStyle.INT_MAX, 0, 60, true, List.of(), false, true,
                DeviceProfile.ShadowVersion.ZERO, DeviceProfile.Timeouts.SDK_DEFAULTS, 10,
                new DeviceProfile.Backoff(1_000, 1_000, 120_000, 0));
        return new FakeDeviceHost().connectedDevice(profile, ID, new byte[16]);
    }

    private Map<String, Long> errors(IntervalSnapshot s) {
        Map<String, Long> out = new HashMap<>();
        s.errorTotals().forEach((k, v) -> out.put(k.kind() + "/" + k.reason(), v));
        return out;
    }

    @Test
    void aVersionRaceIsReReadAndRetriedAndCountedAsApiRetriesNotErrors() {
        updateErrors.add(CloudActions.VERSION_NOT_MATCH);
        updateErrors.add(CloudActions.VERSION_NOT_MATCH);
        VirtualDevice device = device();

        side().changeDesired(0, device, clock.nanoTime());

        assertThat(calls).containsExactly("DescribeDeviceShadow", "UpdateDeviceShadow@7", "DescribeDeviceShadow",
                "UpdateDeviceShadow@8", "DescribeDeviceShadow", "UpdateDeviceShadow@9");
        IntervalSnapshot s = collector.flipNow();
        assertThat(s.run().counter(Counter.API_RETRIES)).isEqualTo(2);
        assertThat(errors(s)).isEmpty();
        assertThat(device.inFlight()).as("the device still expects its delta").isEqualTo(1);
    }

    @Test
    void aRaceLostThreeTimesIsOneErrorAndTheDeviceExpectsNoDelta() {
        for (int i = 0; i < 5; i++) {
            updateErrors.add(CloudActions.VERSION_NOT_MATCH);
        }
        VirtualDevice device = device();

        side().changeDesired(0, device, clock.nanoTime());

        assertThat(calls).hasSize(2 * ApplicationSide.DESIRED_ATTEMPTS);
        IntervalSnapshot s = collector.flipNow();
        assertThat(s.run().counter(Counter.API_RETRIES)).isEqualTo(ApplicationSide.DESIRED_ATTEMPTS - 1);
        assertThat(errors(s)).containsExactlyEntriesOf(Map.of("api/FailedOperation.UpdateVersionNotMatch", 1L));
        assertThat(device.inFlight()).isZero();
    }

    @Test
    void anotherErrorOfTheTargetIsNotRetried() {
        updateErrors.add("ResourceNotFound.DeviceNotExist");
        VirtualDevice device = device();

        side().changeDesired(0, device, clock.nanoTime());

        assertThat(calls).containsExactly("DescribeDeviceShadow", "UpdateDeviceShadow@7");
        IntervalSnapshot s = collector.flipNow();
        assertThat(s.run().counter(Counter.API_RETRIES)).isZero();
        assertThat(errors(s)).containsExactlyEntriesOf(Map.of("api/ResourceNotFound.DeviceNotExist", 1L));
    }
}
