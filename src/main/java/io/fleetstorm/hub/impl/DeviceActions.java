package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.Device;
import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** CreateProduct, CreateDevice, DescribeDevice. */
final class DeviceActions {

    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private final SecureRandom random = new SecureRandom();
    private final InMemoryDeviceRegistry registry;
    private final ApiLookup lookup;
    private final Predicate<DeviceId> online;
    private final DeviceActivity activity;
    private final Function<DeviceId, String> firmwareVersion;

    DeviceActions(InMemoryDeviceRegistry registry, Predicate<DeviceId> online, DeviceActivity activity,
            Function<DeviceId, String> firmwareVersion) {
        this.registry = registry;
        this.lookup = new ApiLookup(registry);
        this.online = online;
        this.activity = activity;
        this.firmwareVersion = firmwareVersion;
    }

    void register(ApiServer api) {
        api.action("CreateProduct", ApiAction.sync(this::createProduct))
                .action("CreateDevice", ApiAction.sync(this::createDevice))
                .action("DescribeDevice", ApiAction.sync(this::describeDevice));
    }

    /** ProductId and ProductSecret are fleetstorm's extensions: the cloud always picks the id itself. */
    private JsonObject createProduct(ApiParams params) {
        String name = params.string("ProductName");
        String productId = params.optionalString("ProductId");
        String secret = params.optionalString("ProductSecret");
        if (productId == null) {
            productId = randomId();
        } else if (!DeviceId.isValidProductId(productId)) {
            throw ApiException.invalidValue("ProductId", "must match " + DeviceId.PRODUCT_ID_RULE + ", but was \""
                    + productId + "\"");
        }
        if (secret != null && secret.isEmpty()) {
            throw ApiException.invalidValue("ProductSecret", "must not be empty");
        }
        synchronized (registry) {
            if (registry.product(productId).isPresent()) {
                throw new ApiException(ApiException.PRODUCT_EXISTS, "The product `" + productId + "` already exists.");
            }
            registry.addProduct(new Product(productId, secret, Map.of()));
        }
        return new JsonObject().put("ProductName", name).put("ProductId", productId);
    }

    /** DevicePsk is fleetstorm's extension; otherwise derived from the product secret, or random. */
    private JsonObject createDevice(ApiParams params) {
        Product product = lookup.product(params);
        String name = params.string("DeviceName");
        if (!DeviceId.isValidDeviceName(name)) {
            throw ApiException.invalidValue("DeviceName", "must match " + DeviceId.DEVICE_NAME_RULE + ", but was \""
                    + name + "\"");
        }
        DeviceId id = new DeviceId(product.productId(), name);
        String psk = params.optionalString("DevicePsk");
        if (psk == null) {
            psk = product.productSecret() != null ? DerivedPsk.derive(product.productSecret(), id.productId(), name)
                    : Base64.getEncoder().encodeToString(bytes(16));
        }
        Device device;
        try {
            device = Device.withPsk(id, psk);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidValue("DevicePsk", "must be base64");
        }
        synchronized (registry) {
            boolean exists = registry.registeredDevices(id.productId()).stream().anyMatch(d -> d.id().equals(id));
            if (exists) {
                throw new ApiException(ApiException.DEVICE_EXISTS, "The device `" + id.productId() + "/" + name
                        + "` already exists.");
            }
            registry.addDevice(device);
        }
        return new JsonObject().put("DeviceName", name).put("DevicePsk", psk).put("DeviceCert", "")
                .put("DevicePrivateKey", "");
    }

    /** Times are epoch seconds, 0 when it never happened; Version is the last firmware version reported. */
    private JsonObject describeDevice(ApiParams params) {
        DeviceId id = lookup.device(params);
        Device device = registry.device(id).orElseThrow();
        DeviceActivity.Times times = activity.times(id);
        return new JsonObject().put("DeviceName", id.deviceName()).put("Online", online.test(id) ? 1 : 0)
                .put("LoginTime", times.loginS()).put("FirstOnlineTime", times.firstOnlineS())
                .put("LastOfflineTime", times.lastOfflineS()).put("Version", firmwareVersion.apply(id))
                .put("EnableState", device.enabled() ? 1 : 0).put("DevicePsk", device.psk() == null ? "" : device.psk())
                .put("DeviceType", 0);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String randomId() {
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return sb.toString();
    }
}
