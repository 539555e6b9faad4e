package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DeviceId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The cloud's OTA flow: GetCOSURL (an upload URL served by the hub) -> PUT the image -> UploadFirmware (its Md5sum and
 * FileSize checked against the received file) -> BatchUpdateFirmware (the task). fleetstorm's extensions, kept while
 * tests use them: UploadFirmware with FileSize (+ Seed) and no upload generates the image, with FileBase64 takes
 * it inline. Tasks are created by BatchUpdateFirmware only, as in the cloud (which has no PublishFirmwareUpdateMessage).
 */
final class OtaActions {

    static final String VERSION_RULE = "[A-Za-z0-9._-]{1,64}";

    private final Vertx vertx;
    private final ApiLookup lookup;
    private final OtaService ota;
    private final FirmwareUpload uploads;
    private final Function<String, Collection<String>> knownDevices;
    private final LongSupplier millisClock;

    /** @param knownDevices the device names of a product the hub knows of (registered, connected, reporting) */
    OtaActions(Vertx vertx, ApiLookup lookup, OtaService ota, FirmwareUpload uploads,
            Function<String, Collection<String>> knownDevices, LongSupplier millisClock) {
        this.vertx = vertx;
        this.lookup = lookup;
        this.ota = ota;
        this.uploads = uploads;
        this.knownDevices = knownDevices;
        this.millisClock = millisClock;
    }

    void register(ApiServer api) {
        api.action("GetCOSURL", ApiAction.sync(this::cosUrl))
                .action("UploadFirmware", this::upload)
                .action("BatchUpdateFirmware", ApiAction.sync(this::batchUpdate));
    }

    private static String version(ApiParams params, String name) {
        String version = params.string(name);
        if (!version.matches(VERSION_RULE)) {
            throw ApiException.invalidValue(name, "must match " + VERSION_RULE + ", but was \"" + shorten(version)
                    + "\"");
        }
        return version;
    }

    private long checkedSize(ApiParams params) {
        long size = params.integer("FileSize");
        FirmwareStore store = ota.firmware;
        if (size < 1 || size > store.maxImageBytes()) {
            throw ApiException.invalidValue("FileSize", "must be 1.." + store.maxImageBytes() + ", but was " + size);
        }
        return size;
    }

    private JsonObject cosUrl(ApiParams params) {
        Product product = lookup.product(params);
        String version = version(params, "FirmwareVersion");
        long size = checkedSize(params);
        if (ota.firmware.find(product.productId(), version).isPresent()) {
            throw firmwareExists(product.productId(), version);
        }
        if (size + ota.firmware.usedBytes() > ota.firmware.budgetBytes()) {
            throw ota.firmware.overBudget(size);
        }
        return new JsonObject().put("Url", uploads.open(product.productId(), version, size));
    }

    private Future<JsonObject> upload(ApiParams params) {
        Product product = lookup.product(params);
        String pid = product.productId();
        String version = version(params, "FirmwareVersion");
        String name = Optional.ofNullable(params.optionalString("FirmwareName")).orElse(version);
        String description = Optional.ofNullable(params.optionalString("FirmwareDescription")).orElse("");
        String userDefined = Optional.ofNullable(params.optionalString("FirmwareUserDefined")).orElse("");
        String md5 = params.optionalString("Md5sum");
        String base64 = params.optionalString("FileBase64");
        Long seed = params.optionalInteger("Seed");
        if (ota.firmware.find(pid, version).isPresent()) {
            throw firmwareExists(pid, version);
        }
        long nowS = millisClock.getAsLong() / 1000;
        Optional<FirmwareUpload.Received> received = uploads.received(pid, version);
        if (received.isPresent() && base64 == null && seed == null) {
            FirmwareUpload.Received r = received.get();
            if (md5 == null) {
                throw ApiException.missing("Md5sum");
            }
            if (!md5.equalsIgnoreCase(r.md5())) {
                throw ApiException.invalidValue("Md5sum", "must be the MD5 of the uploaded file, " + r.md5()
                        + ", but was \"" + shorten(md5) + "\"");
            }
            Long size = params.optionalInteger("FileSize");
            if (size != null && size != r.size()) {
                throw ApiException.invalidValue("FileSize", "must be the size of the uploaded file, " + r.size()
                        + ", but was " + size);
            }
            uploads.consumed(r);
            return Future.succeededFuture(register(new Firmware(pid, version, name, description, userDefined,
                    r.file(), r.size(), r.md5(), nowS)));
        }
        if (base64 != null) {
            return inline(pid, version, name, description, userDefined, base64, md5, nowS);
        }
        if (params.optionalInteger("FileSize") == null) {
            throw new ApiException(ApiException.INVALID_PARAMETER_VALUE, "No image was uploaded for version `"
                    + version + "`: call GetCOSURL and PUT the image to its Url first.");
        }
        if (md5 != null && seed == null) {
            throw new ApiException(ApiException.INVALID_PARAMETER_VALUE, "No image was uploaded for version `"
                    + version + "` to check Md5sum against: call GetCOSURL and PUT the image to its Url first.");
        }
        long size = checkedSize(params);
        long s = seed != null ? seed : (pid + "/" + version).hashCode();
        return store(pid, version, size, md5, file -> FirmwareStore.writeGenerated(file, size, s))
                .map(written -> register(new Firmware(pid, version, name, description, userDefined, written.file,
                        size, written.md5, nowS)));
    }

    private Future<JsonObject> inline(String pid, String version, String name, String description,
            String userDefined, String base64, String md5, long nowS) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidValue("FileBase64", "must be base64");
        }
        return store(pid, version, bytes.length, md5, file -> {
            Files.write(file, bytes);
            return java.util.HexFormat.of().formatHex(FirmwareStore.md5().digest(bytes));
        }).map(written -> register(new Firmware(pid, version, name, description, userDefined, written.file,
                bytes.length, written.md5, nowS)));
    }

    @FunctionalInterface
    private interface Writer {
        String write(Path file) throws IOException;
    }

    private record Written(Path file, String md5) {
    }

    /** Reserves the budget, writes the file off the event loop, checks the MD5 if one was given. */
    private Future<Written> store(String pid, String version, long size, String md5, Writer writer) {
        if (!ota.firmware.reserve(size)) {
            throw ota.firmware.overBudget(size);
        }
        Path file = ota.firmware.newFile();
        return vertx.executeBlocking(() -> new Written(file, writer.write(file)), false)
                .compose(w -> {
                    if (md5 != null && !md5.equalsIgnoreCase(w.md5())) {
                        return Future.failedFuture(ApiException.invalidValue("Md5sum", "must be the MD5 of the file, "
                                + w.md5()));
                    }
                    return Future.succeededFuture(w);
                })
                .onFailure(e -> {
                    ota.firmware.release(size);
                    FirmwareStore.deleteQuietly(file);
                });
    }

    private JsonObject register(Firmware fw) {
        if (!ota.firmware.add(fw)) {
            ota.firmware.release(fw.size());
            FirmwareStore.deleteQuietly(fw.file());
            throw firmwareExists(fw.productId(), fw.version());
        }
        return new JsonObject().put("ProductId", fw.productId()).put("FirmwareVersion", fw.version())
                .put("FirmwareName", fw.name()).put("FileSize", fw.size()).put("Md5sum", fw.md5());
    }

    /** The cloud's task creation: DeviceNames, or (none given) every device of the product. */
    private JsonObject batchUpdate(ApiParams params) {
        Product product = lookup.product(params);
        Firmware fw = firmware(product, version(params, "FirmwareVersion"));
        String original = params.optionalString("FirmwareOriVersion");
        long method = Optional.ofNullable(params.optionalInteger("UpgradeMethod")).orElse(0L);
        long type = Optional.ofNullable(params.optionalInteger("Type")).orElse(0L);
        if (method != 0 && method != 1) {
            throw ApiException.invalidValue("UpgradeMethod", "must be 0 (silent) or 1 (user-confirmed), but was "
                    + method);
        }
        if (params.optionalString("FileName") != null) {
            throw new ApiException(ApiException.UNSUPPORTED_OPERATION, "Device-list files (FileName) are not "
                    + "supported by this hub: give DeviceNames.");
        }
        List<String> names = params.optionalStringList("DeviceNames");
        OtaTarget target = names == null ? new OtaTarget.All() : listed(product, names);
        return new JsonObject().put("TaskId", create(product, fw, target, original, method, type).taskId);
    }

    private OtaTask create(Product product, Firmware fw, OtaTarget target, String original, long method,
            long type) {
        Set<String> known = new LinkedHashSet<>();
        if (target instanceof OtaTarget.Listed listed) {
            known.addAll(listed.deviceNames());
        } else {
            for (String name : knownDevices.apply(product.productId())) {
                if (target.includes(name)) {
                    known.add(name);
                }
            }
        }
        return ota.createTask(fw, target, known, original, method, type);
    }

    private OtaTarget listed(Product product, List<String> names) {
        if (names.isEmpty()) {
            throw ApiException.invalidValue("DeviceNames", "must name at least one device");
        }
        for (String name : names) {
            if (!DeviceId.isValidDeviceName(name)) {
                throw ApiException.invalidValue("DeviceNames", "must hold device names, but has \"" + shorten(name)
                        + "\"");
            }
            lookup.device(product.productId(), name);
        }
        return new OtaTarget.Listed(new LinkedHashSet<>(names));
    }

    private Firmware firmware(Product product, String version) {
        return ota.firmware.find(product.productId(), version).orElseThrow(() -> new ApiException(
                ApiException.FIRMWARE_NOT_EXIST, "The product `" + product.productId() + "` has no firmware `"
                        + shorten(version) + "`."));
    }

    private static ApiException firmwareExists(String pid, String version) {
        return new ApiException(ApiException.FIRMWARE_EXISTS, "The product `" + pid
                + "` already has firmware version `" + version + "`.");
    }

    static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }
}
