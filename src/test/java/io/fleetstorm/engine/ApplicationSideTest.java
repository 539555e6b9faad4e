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
import io.fleetstorm.cloudapi.ApiFailure;
import io.fleetstorm.cloudapi.ApiResponse;
import io.fleetstorm.cloudapi.OtaTaskFlow;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.ApiActions;
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

    /** A scripted API: every call takes 30 ms of the fake clock, 20 ms of it the last attempt's round trip. */
    private final ApplicationApi api = new ApplicationApi() {
        @Override
        public Future<ApiResponse> call(String action, JsonObject params) {
            calls.add(action + (params.containsKey("ShadowVersion") ? "@" + params.getLong("ShadowVersion") : ""));
            clock.advanceMillis(30);
            if (action.equals(ApiActions.DESCRIBE_DEVICE_SHADOW)) {
                return answer(action, new JsonObject().put("Data", new JsonObject()
                        .put("version", shadowVersion++).encode()), 1);
            }
            String error = updateErrors.poll();
            return error == null ? answer(action, new JsonObject(), attemptsOfNextAnswer)
                    : Future.failedFuture(new ApiFailure(action, error, "scripted", "req-1", 1));
        }

        @Override
        public Future<OtaTaskFlow.Result> createOtaTask(OtaTaskFlow.Request request, OtaTaskFlow.Calls answered) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    };
    private int attemptsOfNextAnswer = 1;

    private static Future<ApiResponse> answer(String action, JsonObject response, int attempts) {
        return Future.succeededFuture(new ApiResponse(action, response, "req", attempts,
                TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(30)));
    }

    private ApplicationSide side() {
        return new ApplicationSide(null, null, 0, recorder, clock, null, () -> { }, new HashMap<>(), api);
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
        updateErrors.add(ApiActions.VERSION_NOT_MATCH);
        updateErrors.add(ApiActions.VERSION_NOT_MATCH);
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
            updateErrors.add(ApiActions.VERSION_NOT_MATCH);
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

    @Test
    void everyAnsweredCallIsAnApiCallSampleAndRateLimitRetriesAreCounted() {
        attemptsOfNextAnswer = 3; // the update needed two retries after RequestLimitExceeded
        VirtualDevice device = device();
        long due = clock.nanoTime();
        clock.advanceMillis(5); // the scheduler was 5 ms late

        side().changeDesired(0, device, due);

        IntervalSnapshot s = collector.flipNow();
        var latency = s.latency(Operation.API_CALL);
        assertThat(latency.corrected().getTotalCount()).as("DescribeDeviceShadow and UpdateDeviceShadow").isEqualTo(2);
        assertThat(latency.service().getMaxValue()).as("the last attempt's round trip")
                .isBetween(TimeUnit.MILLISECONDS.toNanos(19), TimeUnit.MILLISECONDS.toNanos(21));
        assertThat(latency.corrected().getMaxValue()).as("the first call from when the change was due: 5 + 30 ms")
                .isBetween(TimeUnit.MILLISECONDS.toNanos(34), TimeUnit.MILLISECONDS.toNanos(36));
        assertThat(s.run().counter(Counter.API_RETRIES)).isEqualTo(2);
        assertThat(errors(s)).isEmpty();
    }
}
