package io.fleetstorm.engine;

import io.fleetstorm.device.DeviceSelection;
import io.fleetstorm.device.LogicalDevice;
import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The application's side of a run on one event loop: it calls the hub's cloud API as a backend would, to change
 * devices' desired state, publish downlinks and create OTA tasks, and tells the devices what to expect, so that
 * the effect is measured from the operation's intended instant. The API client is reached through {@link #call} only
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
    /** The hub's cloud API, or null when the run has none. */
    private final BiFunction<String, JsonObject, Future<JsonObject>> api;
    private final Supplier<Future<Void>> closeApi;
    /** Loop 0 creates a wave's OTA task; the other loops wait for it before their devices report versions. */
    private final Map<Activity.OtaWave, Promise<Object>> otaTasks;

    /** The application side of one loop, calling the hub's API at the plan's URL (if it has one). */
    static ApplicationSide create(FleetLoop loop, LoadPlan plan, int shard, LoopRecorder recorder, NanoClock clock,
            Context context, Runnable flush, Map<Activity.OtaWave, Promise<Object>> otaTasks) {
        HubApiClient client = plan.apiUrl() == null ? null : new HubApiClient(context.owner(), plan.apiUrl(), plan.apiOptions());
        return new ApplicationSide(loop, plan, shard, recorder, clock, context, flush, otaTasks,
                client == null ? null : client::call, client == null ? Future::succeededFuture : client::close);
    }

    /** @param api the cloud API's calls ({@code action, params -> Response}), or null without an API */
    ApplicationSide(FleetLoop loop, LoadPlan plan, int shard, LoopRecorder recorder, NanoClock clock, Context context,
            Runnable flush, Map<Activity.OtaWave, Promise<Object>> otaTasks,
            BiFunction<String, JsonObject, Future<JsonObject>> api, Supplier<Future<Void>> closeApi) {
        this.loop = loop;
        this.plan = plan;
        this.shard = shard;
        this.recorder = recorder;
        this.clock = clock;
        this.context = context;
        this.flush = flush;
        this.otaTasks = otaTasks;
        this.api = api;
        this.closeApi = closeApi;
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
        updateDesired(group, ids, state, 1).onFailure(failure -> {
            device.features().cancelExpectedDelta();
            recorder.error(group, "api", code(failure));
        });
    }

    private Future<JsonObject> updateDesired(int group, JsonObject ids, String state, int attempt) {
        return call(CloudActions.DESCRIBE_DEVICE_SHADOW, ids.copy())
                .compose(described -> call(CloudActions.UPDATE_DEVICE_SHADOW, ids.copy().put("State", state)
                        .put("ShadowVersion", new JsonObject(described.getString("Data")).getLong("version"))))
                .recover(failure -> {
                    if (attempt >= DESIRED_ATTEMPTS || !CloudActions.VERSION_NOT_MATCH.equals(code(failure))) {
                        return Future.failedFuture(failure);
                    }
                    recorder.count(group, Counter.API_RETRIES, "shadow-desired", 0, 1);
                    return updateDesired(group, ids, state, attempt + 1);
                });
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
        call(CloudActions.PUBLISH_MESSAGE, params).onFailure(failure -> {
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
            ready = createOtaTask(wave);
        } else if (wave.createTask()) {
            ready = task(wave).future();
        }
        ready.onComplete(ar -> context.runOnContext(v -> {
            if (ar.failed()) {
                recorder.error(wave.group(), "api", "ota_task_" + ar.cause().getMessage());
            }
            for (LogicalDevice d : loop.devices(wave.group())) {
                if (!d.features().reportVersion(wave.behaviour(), intendedNanos)) {
                    recorder.error(wave.group(), "skipped", "not_connected");
                }
            }
            flush.run();
        }));
    }

    private Future<?> createOtaTask(Activity.OtaWave wave) {
        Promise<Object> shared = task(wave);
        if (api == null) {
            shared.tryFail("no_api_url");
            return shared.future();
        }
        GroupPlan group = plan.groups().get(wave.group());
        JsonArray names = new JsonArray();
        for (int i = 0; i < group.count(); i++) {
            String name = group.ids().apply(i).deviceName();
            if (DeviceSelection.unitHash(name) < wave.fraction()) {
                names.add(name);
            }
        }
        recorder.count(wave.group(), Counter.OTA_TARGETED, "ota", 0, names.size());
        String productId = group.profile().productId();
        call(CloudActions.UPLOAD_FIRMWARE, new JsonObject().put("ProductId", productId)
                        .put("FirmwareVersion", wave.firmwareVersion()).put("FileSize", wave.firmwareBytes()))
                .compose(r -> names.isEmpty() ? Future.succeededFuture(r) : call(
                        CloudActions.PUBLISH_FIRMWARE_UPDATE_MESSAGE, new JsonObject().put("ProductId", productId)
                                .put("FirmwareVersion", wave.firmwareVersion()).put("DeviceNames", names)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        shared.tryComplete(ar.result());
                    } else {
                        String code = code(ar.cause());
                        shared.tryFail(code.startsWith("http_") ? "http" : code);
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

    /** Calls an action of the hub's cloud API; completes with its {@code Response}, or fails with its error. */
    private Future<JsonObject> call(String action, JsonObject params) {
        return api.apply(action, params);
    }

    /** The cloud's error code of a failed call, or {@code http_<exception>} when the call itself failed. */
    private static String code(Throwable failure) {
        return failure instanceof HubApiClient.ApiError e ? e.code
                : "http_" + failure.getClass().getSimpleName().toLowerCase();
    }

    Future<Void> close() {
        return closeApi.get();
    }
}
