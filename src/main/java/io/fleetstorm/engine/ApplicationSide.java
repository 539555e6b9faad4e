package io.fleetstorm.engine;

import io.fleetstorm.cloudapi.ApiFailure;
import io.fleetstorm.cloudapi.ApiResponse;
import io.fleetstorm.cloudapi.OtaTaskFlow;
import io.fleetstorm.device.DeviceSelection;
import io.fleetstorm.device.LogicalDevice;
import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.ApiActions;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The application's side of a run on one event loop: it calls the hub's cloud API as a backend would, to change
 * devices' desired state, publish downlinks and create OTA tasks, and tells the devices what to expect, so that
 * the effect is measured from the operation's intended instant. Only actions the cloud has are called (an OTA task is
 * the cloud's GetCOSURL, upload, UploadFirmware, BatchUpdateFirmware). Every answered call is also an
 * {@code api-call} sample of its own (its group's), so the API's latency is measured beside the effect it has; a
 * failed call is an {@code api} error with the cloud's code. The API is reached through {@link ApplicationApi} only
 * (one seam for the client's transport and signing). Answers come back on this loop.
 */
final class ApplicationSide {

    /** Read-then-update attempts of a desired change before a version race counts as an error. */
    static final int DESIRED_ATTEMPTS = 3;

    private final FleetLoop loop;
    private final LoadPlan plan;
    private final int shard;
    private final LoopRecorder recorder;
    private final NanoClock clock;
    private final Context context;
    private final Runnable flush;
    /** The target's cloud API, or null when the run has none. */
    private final ApplicationApi api;
    /** Loop 0 creates a wave's OTA task; the other loops wait for it before their devices report versions. */
    private final Map<Activity.OtaWave, Promise<Object>> otaTasks;

    /** The application side of one loop, calling the hub's API at the plan's URL (if it has one). */
    static ApplicationSide create(FleetLoop loop, LoadPlan plan, int shard, LoopRecorder recorder, NanoClock clock,
            Context context, Runnable flush, Map<Activity.OtaWave, Promise<Object>> otaTasks) {
        ApplicationApi client = plan.apiUrl() == null ? null
                : new HubApiClient(context.owner(), plan.apiUrl(), plan.apiOptions());
        return new ApplicationSide(loop, plan, shard, recorder, clock, context, flush, otaTasks, client);
    }

    /** @param api the cloud API, or null without one */
    ApplicationSide(FleetLoop loop, LoadPlan plan, int shard, LoopRecorder recorder, NanoClock clock, Context context,
            Runnable flush, Map<Activity.OtaWave, Promise<Object>> otaTasks, ApplicationApi api) {
        this.loop = loop;
        this.plan = plan;
        this.shard = shard;
        this.recorder = recorder;
        this.clock = clock;
        this.context = context;
        this.flush = flush;
        this.otaTasks = otaTasks;
        this.api = api;
    }

    /**
     * Changes the device's desired state as an application does: reads the shadow's version, then updates with it.
     * The device's own acknowledgements move the version too, so an update may find it stale: fleetstorm's own race,
     * re-read and retried (counted as API retries), an error only when every attempt lost it.
     */
    void changeDesired(int group, LogicalDevice device, long intendedNanos) {
        if (!reachable(group, device)) {
            return;
        }
        device.features().expectDelta(intendedNanos, clock.nanoTime());
        recorder.count(group, Counter.MESSAGES_SENT, "shadow-desired", 0, 1);
        JsonObject ids = new JsonObject().put("ProductId", device.id().productId())
                .put("DeviceName", device.id().deviceName());
        // a value the device cannot already report (sequences restart with each phase): the intended instant
        String state = new JsonObject().put("desired", new JsonObject().put("target", intendedNanos)).encode();
        updateDesired(group, ids, state, 1, intendedNanos).onFailure(failure -> {
            device.features().cancelExpectedDelta();
            recorder.error(group, "api", code(failure));
        });
    }

    private Future<ApiResponse> updateDesired(int group, JsonObject ids, String state, int attempt, long dueNanos) {
        return call(group, ApiActions.DESCRIBE_DEVICE_SHADOW, ids.copy(), dueNanos)
                .compose(described -> call(group, ApiActions.UPDATE_DEVICE_SHADOW, ids.copy().put("State", state)
                        .put("ShadowVersion", version(described)), clock.nanoTime()))
                .recover(failure -> {
                    if (attempt >= DESIRED_ATTEMPTS || !ApiActions.VERSION_NOT_MATCH.equals(code(failure))) {
                        return Future.failedFuture(failure);
                    }
                    recorder.count(group, Counter.API_RETRIES, "shadow-desired", 0, 1);
                    return updateDesired(group, ids, state, attempt + 1, clock.nanoTime());
                });
    }

    /** The shadow's version in a DescribeDeviceShadow answer; an answer without one is the API's fault. */
    private static long version(ApiResponse described) {
        Object data = described.response().getValue("Data");
        try {
            Long version = data instanceof String text ? new JsonObject(text).getLong("version") : null;
            if (version != null) {
                return version;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new ApiFailure(described.action(), ApiFailure.BAD_RESPONSE, "Data is not a shadow document with a "
                + "version", described.requestId(), described.attempts());
    }

    /** Publishes to the device's control topic through the API ({@code downlink} latency on arrival). */
    void downlink(int group, LogicalDevice device, byte[] payload, int qos, long intendedNanos) {
        if (!reachable(group, device)) {
            return;
        }
        device.features().expectDownlink(intendedNanos, clock.nanoTime());
        recorder.count(group, Counter.MESSAGES_SENT, "downlink", 0, 1);
        JsonObject params = new JsonObject()
                .put("ProductId", device.id().productId()).put("DeviceName", device.id().deviceName())
                .put("Topic", Topics.control(device.id()))
                .put("Payload", new String(payload, StandardCharsets.UTF_8))
                .put("Qos", qos);
        call(group, ApiActions.PUBLISH_MESSAGE, params, intendedNanos).onFailure(failure -> {
            device.features().cancelExpectedDownlink();
            recorder.error(group, "api", code(failure));
        });
    }

    private boolean reachable(int group, LogicalDevice device) {
        if (api == null) {
            recorder.error(group, "api", "no_api_url");
            return false;
        }
        if (!device.isReady()) {
            recorder.error(group, "skipped", "not_connected");
            return false;
        }
        return true;
    }

    /** An OTA wave: the task (created once, by loop 0), then every connected device of the group reports. */
    void otaWave(Activity.OtaWave wave, long intendedNanos) {
        Future<?> ready = Future.succeededFuture();
        if (wave.createTask() && shard == 0) {
            ready = createOtaTask(wave, intendedNanos);
        } else if (wave.createTask()) {
            ready = task(wave).future();
        }
        ready.onComplete(ar -> context.runOnContext(v -> {
            if (ar.failed() && shard == 0) { // the loop that created the task counts its failure once
                recorder.error(wave.group(), "api", ar.cause().getMessage());
            }
            for (LogicalDevice d : loop.devices(wave.group())) {
                if (!d.features().reportVersion(wave.behaviour(), intendedNanos)) {
                    recorder.error(wave.group(), "skipped", "not_connected");
                }
            }
            flush.run();
        }));
    }

    /**
     * The cloud's flow for the wave's targets: a deterministic image of the wave's size (the same bytes for the same
     * product and version in every run and agent), uploaded through GetCOSURL and UploadFirmware, then
     * BatchUpdateFirmware for the targeted devices. A version that exists already is used as it is.
     */
    private Future<?> createOtaTask(Activity.OtaWave wave, long intendedNanos) {
        Promise<Object> shared = task(wave);
        if (api == null) {
            shared.tryFail("no_api_url");
            return shared.future();
        }
        GroupPlan group = plan.groups().get(wave.group());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < group.count(); i++) {
            String name = group.ids().apply(i).deviceName();
            if (DeviceSelection.unitHash(name) < wave.fraction()) {
                names.add(name);
            }
        }
        recorder.count(wave.group(), Counter.OTA_TARGETED, "ota", 0, names.size());
        if (names.isEmpty()) {
            shared.tryComplete(null);
            return shared.future();
        }
        String productId = group.profile().productId();
        long seed = (productId + "/" + wave.firmwareVersion()).hashCode();
        int size = (int) Math.min(Integer.MAX_VALUE, wave.firmwareBytes());
        long[] due = {intendedNanos};
        context.owner().executeBlocking(() -> OtaTaskFlow.generatedImage(seed, size), false)
                .compose(image -> api.createOtaTask(new OtaTaskFlow.Request(productId, wave.firmwareVersion(),
                        "fleetstorm-" + wave.firmwareVersion(), image, names), answer -> {
                            recordCall(wave.group(), answer, due[0]);
                            due[0] = clock.nanoTime();
                        }))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        shared.tryComplete(ar.result());
                    } else {
                        shared.tryFail(code(ar.cause()));
                    }
                });
        return shared.future();
    }

    private Promise<Object> task(Activity.OtaWave wave) {
        synchronized (otaTasks) {
            return otaTasks.computeIfAbsent(wave, w -> Promise.promise());
        }
    }

    // ---- the seam to the API client ----

    /**
     * Calls an action of the target's cloud API; completes with its answer, or fails with its error. An answer is an
     * {@code api-call} sample: from {@code dueNanos} (when the call was due) to the answer, and the last attempt's own
     * round trip as service time; retries after {@code RequestLimitExceeded} are counted.
     */
    private Future<ApiResponse> call(int group, String action, JsonObject params, long dueNanos) {
        return api.call(action, params).onSuccess(answer -> recordCall(group, answer, dueNanos));
    }

    private void recordCall(int group, ApiResponse answer, long dueNanos) {
        long done = clock.nanoTime();
        recorder.recordLatency(group, Operation.API_CALL, Math.min(dueNanos, done - answer.totalNanos()),
                done - answer.serviceNanos(), done);
        if (answer.attempts() > 1) {
            recorder.count(group, Counter.API_RETRIES, "rate-limit", 0, answer.attempts() - 1);
        }
    }

    /** The cloud's error code of a failed call (fleetstorm's own {@code fleetstorm.*} codes when it got no answer). */
    static String code(Throwable failure) {
        return failure instanceof ApiFailure f ? f.code()
                : "fleetstorm." + failure.getClass().getSimpleName();
    }

    Future<Void> close() {
        return api == null ? Future.succeededFuture() : api.close();
    }
}
