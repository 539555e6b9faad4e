package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DeviceId;

/** Finds the product and device an API request names, with the cloud's not-found errors. */
final class ApiLookup {

    private final InMemoryDeviceRegistry registry;

    ApiLookup(InMemoryDeviceRegistry registry) {
        this.registry = registry;
    }

    Product product(ApiParams params) {
        String productId = params.string("ProductId");
        return registry.product(productId).orElseThrow(() -> new ApiException(ApiException.PRODUCT_NOT_EXIST,
                "The product `" + productId + "` does not exist."));
    }

    /** ProductId and DeviceName of an existing device (registered, or derived from its product's secret). */
    DeviceId device(ApiParams params) {
        Product product = product(params);
        return device(product.productId(), params.string("DeviceName"));
    }

    DeviceId device(String productId, String name) {
        Product product = registry.product(productId).orElseThrow(() -> new ApiException(
                ApiException.PRODUCT_NOT_EXIST, "The product `" + productId + "` does not exist."));
        if (!DeviceId.isValidDeviceName(name)) {
            throw ApiException.invalidValue("DeviceName", "must match " + DeviceId.DEVICE_NAME_RULE
                    + ", but was \"" + name + "\"");
        }
        DeviceId id = new DeviceId(product.productId(), name);
        if (registry.device(id).isEmpty()) {
            throw new ApiException(ApiException.DEVICE_NOT_EXIST, "The device `" + product.productId() + "/" + name
                    + "` does not exist.");
        }
        return id;
    }
}
