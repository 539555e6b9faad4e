package io.fleetstorm.hub;

import io.fleetstorm.protocol.DeviceId;
import java.util.Collection;
import java.util.Optional;

/**
 * Products and devices of the hub. Thread-safe: devices can be added while the hub runs.
 */
public interface DeviceRegistry {

    /** Adds or replaces a product. */
    void addProduct(Product product);

    /** Adds or replaces a device; its product must exist. */
    void addDevice(Device device);

    /**
     * Removes a device: a registered one is forgotten, one derived from its product's secret stops existing (until it
     * is added again). False when it did not exist.
     */
    boolean removeDevice(DeviceId id);

    /** Enables or disables a device; a device derived from a product secret is registered explicitly by this. */
    void setEnabled(DeviceId id, boolean enabled);

    Optional<Product> product(String productId);

    Collection<Product> products();

    /** The device, either registered or derived from its product's secret. */
    Optional<Device> device(DeviceId id);

    /**
     * Splits a ClientId into product id and device name using the registered products (the longest product id that
     * prefixes the ClientId wins); empty when no product matches or the rest is not a valid device name.
     */
    Optional<DeviceId> resolveClientId(String clientId);

    /** The devices registered explicitly (derived devices are not listed until they are changed). */
    Collection<Device> registeredDevices(String productId);
}
