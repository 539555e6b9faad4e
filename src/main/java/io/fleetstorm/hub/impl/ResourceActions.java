package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DeviceId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The application side of resources: the cloud's DescribeDeviceResource {ProductID, DeviceName, Name}, and
 * fleetstorm's extensions for what the cloud does in its console: CreateProductResource {ProductId, Name,
 * FileBase64}, CreateResourceTask {ProductId, Name, DeviceNames} and DescribeResourceTask {TaskId}.
 */
final class ResourceActions {

    static final String RESOURCE_NOT_EXIST = "ResourceNotFound.ResourceNotExist";
    /** Devices one CreateResourceTask call may name. */
    static final int MAX_DEVICES_PER_TASK = 1_000;

    private final InMemoryDeviceRegistry registry;
    private final ApiLookup lookup;
    private final ResourceService resources;

    ResourceActions(InMemoryDeviceRegistry registry, ResourceService resources) {
        this.registry = registry;
        this.lookup = new ApiLookup(registry);
        this.resources = resources;
    }

    void register(ApiServer api) {
        api.action("CreateProductResource", ApiAction.sync(this::createProductResource))
                .action("CreateResourceTask", ApiAction.sync(this::createTask))
                .action("DescribeResourceTask", ApiAction.sync(this::describeTask))
                .action("DescribeDeviceResource", ApiAction.sync(this::describeDeviceResource));
    }

    private JsonObject createProductResource(ApiParams params) {
        Product product = lookup.product(params);
        String name = name(params);
        String base64 = params.string("FileBase64");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidValue("FileBase64", "must be base64");
        }
        if (!resources.store.reserve(bytes.length)) {
            throw new ApiException("LimitExceeded", "The file store has " + resources.store.remainingBytes()
                    + " bytes left, the file has " + bytes.length + ".");
        }
        Path path = resources.store.newFile();
        try {
            Files.write(path, bytes);
        } catch (IOException e) {
            resources.store.release(bytes.length);
            throw new ApiException(ApiException.INTERNAL_ERROR, "Cannot store the file: " + e.getMessage());
        }
        String md5 = Firmware.md5Hex(bytes);
        resources.store.put(ResourceService.productOwner(product.productId()), name,
                new ResourceStore.StoredFile(path, bytes.length, md5, System.currentTimeMillis() / 1000));
        return new JsonObject().put("ProductId", product.productId()).put("Name", name).put("Md5", md5)
                .put("Size", bytes.length);
    }

    private JsonObject createTask(ApiParams params) {
        Product product = lookup.product(params);
        String name = name(params);
        ResourceStore.StoredFile file = resources.store.file(ResourceService.productOwner(product.productId()), name)
                .orElseThrow(() -> new ApiException(RESOURCE_NOT_EXIST, "The product `" + product.productId()
                        + "` has no resource `" + name + "`."));
        List<String> names = params.optionalStringList("DeviceNames");
        if (names == null) {
            throw ApiException.missing("DeviceNames");
        }
        if (names.isEmpty() || names.size() > MAX_DEVICES_PER_TASK) {
            throw ApiException.invalidValue("DeviceNames", "must name 1.." + MAX_DEVICES_PER_TASK
                    + " devices, but named " + names.size());
        }
        List<DeviceId> devices = new ArrayList<>();
        for (String n : new LinkedHashSet<>(names)) {
            if (!DeviceId.isValidDeviceName(n)) {
                throw ApiException.invalidValue("DeviceNames", "must hold device names, but has \"" + n + "\"");
            }
            DeviceId id = new DeviceId(product.productId(), n);
            if (registry.device(id).isEmpty()) {
                throw new ApiException(ApiException.DEVICE_NOT_EXIST, "The device `" + product.productId() + "/"
                        + n + "` does not exist.");
            }
            devices.add(id);
        }
        int[] pushed = {0};
        long taskId = resources.createDownloadTask(devices, name, file, pushed);
        return new JsonObject().put("TaskId", taskId).put("Total", devices.size()).put("Pushed", pushed[0]);
    }

    private JsonObject describeTask(ApiParams params) {
        long taskId = params.integer("TaskId");
        Map<DeviceId, ResourceService.DownloadTask> tasks = resources.task(taskId);
        if (tasks.isEmpty()) {
            throw new ApiException(ApiException.TASK_NOT_EXIST, "The task `" + taskId + "` does not exist.");
        }
        JsonArray devices = new JsonArray();
        tasks.forEach((id, t) -> devices.add(new JsonObject().put("ProductId", id.productId())
                .put("DeviceName", id.deviceName()).put("Status", t.state).put("ResultCode", t.resultCode)));
        return new JsonObject().put("TaskId", taskId).put("Total", tasks.size()).put("Devices", devices);
    }

    /** ProductID is the cloud's spelling; ProductId is accepted too. */
    private JsonObject describeDeviceResource(ApiParams params) {
        String productId = params.optionalString("ProductID");
        if (productId == null) {
            productId = params.string("ProductId");
        }
        String pid = productId;
        Product product = registry.product(pid).orElseThrow(() -> new ApiException(ApiException.PRODUCT_NOT_EXIST,
                "The product `" + pid + "` does not exist."));
        String deviceName = params.string("DeviceName");
        String name = name(params);
        DeviceId id;
        try {
            id = new DeviceId(product.productId(), deviceName);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidValue("DeviceName", "must match " + DeviceId.DEVICE_NAME_RULE);
        }
        ResourceStore.StoredFile file = resources.store.file(ResourceService.owner(id), name).orElseThrow(() ->
                new ApiException(RESOURCE_NOT_EXIST, "The device `" + pid + "/" + deviceName
                        + "` has no resource `" + name + "`."));
        return new JsonObject().put("Result", new JsonObject().put("Name", name).put("Md5", file.md5())
                .put("Size", file.size()).put("CreateTime", file.createdS()).put("ProductId", product.productId())
                .put("DeviceName", deviceName));
    }

    private static String name(ApiParams params) {
        String name = params.string("Name");
        if (!ResourceService.validName(name)) {
            throw ApiException.invalidValue("Name", "must be 1..64 characters without a line break");
        }
        return name;
    }
}
