package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.Device;
import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.tls.CertificateAuthority;
import io.fleetstorm.tls.CertifiedKey;
import io.fleetstorm.tls.PemFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/** CreateDevice, DescribeDevice, DescribeDevices, DeleteDevice, UpdateDevicePSK. */
final class DeviceActions {

    /** The cloud's PSKs are 16 random bytes, base64; DefinedPsk and Psk take 16..64 bytes here. */
    static final int PSK_BYTES = 16;

    private final SecureRandom random = new SecureRandom();
    private final InMemoryDeviceRegistry registry;
    private final ApiLookup lookup;
    private final ProductCatalog catalog;
    private final CertificateAuthority ca;
    private final Predicate<DeviceId> online;
    private final DeviceActivity activity;
    private final Function<DeviceId, String> firmwareVersion;
    private final LongSupplier millisClock;
    private final java.util.concurrent.ConcurrentHashMap<DeviceId, Long> created =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Ends the connection of a deleted device. */
    private java.util.function.Consumer<DeviceId> onDeleted = id -> { };

    DeviceActions(InMemoryDeviceRegistry registry, ProductCatalog catalog, CertificateAuthority ca,
            Predicate<DeviceId> online, DeviceActivity activity, Function<DeviceId, String> firmwareVersion,
            LongSupplier millisClock) {
        this.registry = registry;
        this.lookup = new ApiLookup(registry);
        this.catalog = catalog;
        this.ca = ca;
        this.online = online;
        this.activity = activity;
        this.firmwareVersion = firmwareVersion;
        this.millisClock = millisClock;
    }

    /** What a DeleteDevice does to the deleted device's connection (the hub closes it). */
    DeviceActions onDeleted(java.util.function.Consumer<DeviceId> value) {
        this.onDeleted = value;
        return this;
    }

    void register(ApiServer api) {
        api.action("CreateDevice", ApiAction.sync(this::createDevice))
                .action("DescribeDevice", ApiAction.sync(this::describeDevice))
                .action("DescribeDevices", ApiAction.sync(this::describeDevices))
                .action("DeleteDevice", ApiAction.sync(this::deleteDevice))
                .action("UpdateDevicePSK", ApiAction.sync(this::updatePsk));
    }

    /**
     * A key product's device gets DefinedPsk, or a PSK derived from the product secret (fleetstorm's products with a
     * secret), or a random one; a certificate product's device gets a certificate and key from the hub's CA.
     * DevicePsk is fleetstorm's older spelling of DefinedPsk.
     */
    private JsonObject createDevice(ApiParams params) {
        Product product = lookup.product(params);
        String name = params.string("DeviceName");
        if (!DeviceId.isValidDeviceName(name)) {
            throw ApiException.invalidValue("DeviceName", "must match " + DeviceId.DEVICE_NAME_RULE + ", but was \""
                    + OtaActions.shorten(name) + "\"");
        }
        DeviceId id = new DeviceId(product.productId(), name);
        String defined = params.optionalString("DefinedPsk");
        if (defined == null) {
            defined = params.optionalString("DevicePsk");
        }
        Device device;
        JsonObject answer = new JsonObject().put("DeviceName", name);
        if (catalog.certificates(product.productId())) {
            CertifiedKey key = ca.issueDevice(product.productId(), name);
            device = Device.withCertificate(id, key.certificate());
            answer.put("DevicePsk", "").put("DeviceCert", PemFiles.toPem(key.certificate()))
                    .put("DevicePrivateKey", PemFiles.toPem(key.privateKey()));
        } else {
            String psk = defined != null ? checkedPsk("DefinedPsk", defined)
                    : product.productSecret() != null ? DerivedPsk.derive(product.productSecret(), id.productId(), name)
                    : Base64.getEncoder().encodeToString(bytes(PSK_BYTES));
            device = Device.withPsk(id, psk);
            answer.put("DevicePsk", psk).put("DeviceCert", "").put("DevicePrivateKey", "");
        }
        synchronized (registry) {
            // O(1): a scan of the product's devices made provisioning 5,000 devices quadratic
            boolean exists = registry.registeredDevice(id).isPresent();
            if (exists) {
                throw new ApiException(ApiException.DEVICE_EXISTS, "The device `" + id.productId() + "/" + name
                        + "` already exists.");
            }
            registry.addDevice(device);
            created.put(id, millisClock.getAsLong() / 1000);
        }
        return answer;
    }

    private static String checkedPsk(String parameter, String psk) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(psk);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidValue(parameter, "must be base64");
        }
        if (decoded.length < PSK_BYTES || decoded.length > 64) {
            throw ApiException.invalidValue(parameter, "must decode to " + PSK_BYTES + "..64 bytes, but has "
                    + decoded.length);
        }
        return psk;
    }

    /** Times are epoch seconds, 0 when it never happened; Version is the last firmware version reported. */
    private JsonObject describeDevice(ApiParams params) {
        return info(lookup.device(params));
    }

    private JsonObject info(DeviceId id) {
        Device device = registry.device(id).orElseThrow();
        DeviceActivity.Times times = activity.times(id);
        return new JsonObject().put("DeviceName", id.deviceName()).put("Online", online.test(id) ? 1 : 0)
                .put("LoginTime", times.loginS()).put("FirstOnlineTime", times.firstOnlineS())
                .put("LastOfflineTime", times.lastOfflineS()).put("Version", firmwareVersion.apply(id))
                .put("EnableState", device.enabled() ? 1 : 0).put("DevicePsk", device.psk() == null ? "" : device.psk())
                .put("DeviceCert", device.certificate() == null ? "" : PemFiles.toPem(device.certificate()))
                .put("DeviceType", 0).put("CreateTime", created.getOrDefault(id, 0L));
    }

    /**
     * The product's devices by name, paged: those registered (created or provisioned) and, for products with a
     * secret, those derived devices that connected since the hub started (every other name exists only in theory).
     */
    private JsonObject describeDevices(ApiParams params) {
        Product product = lookup.product(params);
        ApiParams.Page page = params.page(10, 250);
        String version = params.optionalString("FirmwareVersion");
        String nameFilter = params.optionalString("DeviceName");
        Long enableState = params.optionalInteger("EnableState");
        List<DeviceId> ids = new ArrayList<>(known(product.productId()));
        ids.sort(Comparator.comparing(DeviceId::deviceName));
        List<JsonObject> rows = new ArrayList<>();
        for (DeviceId id : ids) {
            if (registry.device(id).isEmpty()) {
                continue;
            }
            JsonObject row = info(id);
            if ((version == null || version.equals(row.getString("Version")))
                    && (nameFilter == null || id.deviceName().contains(nameFilter))
                    && (enableState == null || enableState.longValue() == row.getLong("EnableState"))) {
                rows.add(row);
            }
        }
        return new JsonObject().put("TotalCount", rows.size()).put("Devices", new JsonArray(new ArrayList<>(
                page.of(rows))));
    }

    /** Device ids of the product the hub knows of. */
    Set<DeviceId> known(String productId) {
        Set<DeviceId> ids = new LinkedHashSet<>();
        registry.registeredDevices(productId).forEach(d -> ids.add(d.id()));
        ids.addAll(activity.everConnected(productId));
        return ids;
    }

    private JsonObject deleteDevice(ApiParams params) {
        DeviceId id = lookup.device(params);
        synchronized (registry) {
            registry.removeDevice(id);
            created.remove(id);
        }
        onDeleted.accept(id); // the cloud ends a deleted device's connection; it cannot log in again
        return new JsonObject();
    }

    private JsonObject updatePsk(ApiParams params) {
        DeviceId id = lookup.device(params);
        String psk = checkedPsk("Psk", params.string("Psk"));
        synchronized (registry) {
            Device device = registry.device(id).orElseThrow();
            if (device.psk() == null) {
                throw new ApiException(ApiException.UNSUPPORTED_OPERATION, "The device `" + id.productId() + "/"
                        + id.deviceName() + "` authenticates with a certificate, not a PSK.");
            }
            registry.addDevice(new Device(id, psk, null, device.enabled()));
        }
        return new JsonObject();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
