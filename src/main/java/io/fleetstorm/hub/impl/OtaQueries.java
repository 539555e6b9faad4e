package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.OtaMessages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * DescribeFirmware, DescribeFirmwareTask(s), DescribeFirmwareTaskDevices and DescribeFirmwareTaskStatistics. Every
 * target a task knows of counts from the moment the task exists: an offline target is pending, not missing.
 *
 * <p>Status codes, where the cloud's documents are silent (addendum section 19), chosen and documented in
 * docs/cloud-api.md: a task is 1 while a target has not finished and 2 once every target is done or failed; a
 * device is 0 pending and offline, 1 pending and online, 2 commanded, 3 downloading, 4 burning, 5 failed, 6 done.
 */
final class OtaQueries {

    static final long TASK_RUNNING = 1;
    static final long TASK_FINISHED = 2;

    private final ApiLookup lookup;
    private final OtaService ota;
    private final Predicate<DeviceId> online;

    OtaQueries(ApiLookup lookup, OtaService ota, Predicate<DeviceId> online) {
        this.lookup = lookup;
        this.ota = ota;
        this.online = online;
    }

    void register(ApiServer api) {
        api.action("DescribeFirmware", ApiAction.sync(this::describeFirmware))
                .action("DescribeFirmwareTask", ApiAction.sync(this::describeTask))
                .action("DescribeFirmwareTasks", ApiAction.sync(this::describeTasks))
                .action("DescribeFirmwareTaskDevices", ApiAction.sync(this::describeTaskDevices))
                .action("DescribeFirmwareTaskStatistics", ApiAction.sync(this::statistics));
    }

    private JsonObject describeFirmware(ApiParams params) {
        Product product = lookup.product(params);
        String version = params.string("FirmwareVersion");
        Firmware fw = ota.firmware.find(product.productId(), version).orElseThrow(() -> new ApiException(
                ApiException.FIRMWARE_NOT_EXIST, "The product `" + product.productId() + "` has no firmware `"
                        + OtaActions.shorten(version) + "`."));
        return new JsonObject().put("Version", fw.version()).put("ProductId", fw.productId()).put("Name", fw.name())
                .put("Description", fw.description()).put("Md5sum", fw.md5()).put("Createtime", fw.createdS())
                .put("ProductName", product.productId()).put("FwType", "").put("FileSize", fw.size());
    }

    /** By TaskId; ProductId and FirmwareVersion, when given, must be the task's. */
    private JsonObject describeTask(ApiParams params) {
        long taskId = params.integer("TaskId");
        String productId = params.optionalString("ProductId");
        String version = params.optionalString("FirmwareVersion");
        OtaTask task = ota.task(taskId).filter(t -> productId == null || t.firmware.productId().equals(productId))
                .filter(t -> version == null || t.firmware.version().equals(version))
                .orElseThrow(() -> new ApiException(ApiException.TASK_NOT_EXIST, "The task `" + taskId
                        + "` does not exist."));
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String state : List.of(OtaTask.PENDING, OtaTask.NOTIFIED, OtaMessages.STATE_DOWNLOADING,
                OtaMessages.STATE_BURNING, OtaMessages.STATE_DONE, OtaMessages.STATE_FAIL)) {
            counts.put(state, 0L);
        }
        JsonArray devices = new JsonArray();
        task.devices().forEach((name, s) -> {
            counts.merge(s.state(), 1L, Long::sum);
            devices.add(new JsonObject().put("DeviceName", name).put("Status", s.state()).put("Percent", s.percent())
                    .put("ErrorCode", s.resultCode()).put("ErrorMsg", s.resultMsg())
                    .put("OriginalVersion", s.originalVersion()).put("UpdateTime", s.updatedS()));
        });
        long done = counts.get(OtaMessages.STATE_DONE);
        long fail = counts.get(OtaMessages.STATE_FAIL);
        long total = devices.size();
        // the cloud's fields first; Total..Devices are fleetstorm's (the cloud's SDK ignores unknown fields)
        return new JsonObject().put("TaskId", task.taskId).put("Status", status(task)).put("CreateTime", task.createdS)
                .put("Type", task.type).put("ProductName", task.firmware.productId())
                .put("UpgradeMode", Long.toString(task.upgradeMethod)).put("ProductId", task.firmware.productId())
                .put("OriginalVersion", task.originalVersion).put("FirmwareVersion", task.firmware.version())
                .put("Total", total).put("SuccessTotal", done).put("FailureTotal", fail)
                .put("UpgradingTotal", total - done - fail)
                .put("StateCounts", new JsonObject(new LinkedHashMap<String, Object>(counts))).put("Devices", devices);
    }

    private JsonObject describeTasks(ApiParams params) {
        Product product = lookup.product(params);
        String version = params.optionalString("FirmwareVersion");
        ApiParams.Page page = params.page(10, 100);
        params.filters("Filters");
        List<OtaTask> tasks = ota.tasks(product.productId()).stream()
                .filter(t -> version == null || t.firmware.version().equals(version)).toList();
        JsonArray infos = new JsonArray();
        for (OtaTask t : page.of(tasks)) {
            infos.add(new JsonObject().put("TaskId", t.taskId).put("Status", status(t)).put("Type", t.type)
                    .put("CreateTime", t.createdS));
        }
        return new JsonObject().put("TaskInfos", infos).put("Total", tasks.size());
    }

    /** Filters: TaskId, DeviceName (fleetstorm's choice of keys; the cloud's are not documented). */
    private JsonObject describeTaskDevices(ApiParams params) {
        Product product = lookup.product(params);
        String version = params.string("FirmwareVersion");
        ApiParams.Page page = params.page(10, 250);
        Map<String, String> filters = params.filters("Filters");
        String taskFilter = filters.get("TaskId");
        String nameFilter = filters.get("DeviceName");
        List<JsonObject> rows = new ArrayList<>();
        for (OtaTask t : ota.tasks(product.productId())) {
            if (!t.firmware.version().equals(version) || taskFilter != null
                    && !taskFilter.equals(Long.toString(t.taskId))) {
                continue;
            }
            t.devices().forEach((name, s) -> {
                if (nameFilter == null || nameFilter.equals(name)) {
                    rows.add(new JsonObject().put("DeviceName", name).put("LastProcessTime", s.updatedS())
                            .put("Status", deviceStatus(product.productId(), name, s)).put("ErrMsg", s.resultMsg())
                            .put("Retcode", s.resultCode()).put("DstVersion", t.firmware.version())
                            .put("Percent", s.percent()).put("OriVersion", s.originalVersion())
                            .put("TaskId", t.taskId));
                }
            });
        }
        return new JsonObject().put("Total", rows.size()).put("Devices", new JsonArray(new ArrayList<>(
                page.of(rows))));
    }

    private JsonObject statistics(ApiParams params) {
        Product product = lookup.product(params);
        String version = params.string("FirmwareVersion");
        long success = 0;
        long failure = 0;
        long upgrading = 0;
        for (OtaTask t : ota.tasks(product.productId())) {
            if (!t.firmware.version().equals(version)) {
                continue;
            }
            for (OtaTask.DeviceStatus s : t.devices().values()) {
                switch (s.state()) {
                    case OtaMessages.STATE_DONE -> success++;
                    case OtaMessages.STATE_FAIL -> failure++;
                    default -> upgrading++;
                }
            }
        }
        return new JsonObject().put("SuccessTotal", success).put("FailureTotal", failure)
                .put("UpgradingTotal", upgrading);
    }

    private static long status(OtaTask task) {
        return task.finished() ? TASK_FINISHED : TASK_RUNNING;
    }

    private long deviceStatus(String productId, String name, OtaTask.DeviceStatus s) {
        return switch (s.state()) {
            case OtaTask.PENDING -> online.test(new DeviceId(productId, name)) ? 1 : 0;
            case OtaTask.NOTIFIED -> 2;
            case OtaMessages.STATE_DOWNLOADING -> 3;
            case OtaMessages.STATE_BURNING -> 4;
            case OtaMessages.STATE_FAIL -> 5;
            case OtaMessages.STATE_DONE -> 6;
            default -> 7;
        };
    }
}
