package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.Device;
import io.fleetstorm.hub.DeviceRegistry;
import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Products and devices in concurrent maps; devices of products with a secret are derived on lookup. */
final class InMemoryDeviceRegistry implements DeviceRegistry {

    private final ConcurrentHashMap<String, Product> products = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Device> devices = new ConcurrentHashMap<>();
    /** Derived devices that were deleted (DeleteDevice): they exist no more although the secret would derive them. */
    private final java.util.Set<DeviceId> deleted = ConcurrentHashMap.newKeySet();
    /** Product ids by length, longest first, for splitting ClientIds; rebuilt on the rare product change. */
    private volatile List<String> productIdsLongestFirst = List.of();

    @Override
    public void addProduct(Product product) {
        products.put(product.productId(), product);
        productIdsLongestFirst = products.keySet().stream()
                .sorted((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b))
                .toList();
    }

    @Override
    public void addDevice(Device device) {
        String productId = device.id().productId();
        if (!products.containsKey(productId)) {
            throw new IllegalArgumentException("product " + productId + " of device " + device.id().deviceName()
                    + " is not registered");
        }
        devices.put(device.id().clientId(), device);
        deleted.remove(device.id());
    }

    @Override
    public boolean removeDevice(DeviceId id) {
        boolean existed = device(id).isPresent();
        devices.remove(id.clientId());
        Product product = products.get(id.productId());
        if (product != null && product.productSecret() != null) {
            deleted.add(id);
        }
        return existed;
    }

    /** Removes a product (DeleteProduct); the caller has checked it has no registered devices. */
    boolean removeProduct(String productId) {
        boolean existed = products.remove(productId) != null;
        productIdsLongestFirst = products.keySet().stream()
                .sorted((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b))
                .toList();
        return existed;
    }

    @Override
    public void setEnabled(DeviceId id, boolean enabled) {
        Device device = device(id).orElseThrow(
                () -> new IllegalArgumentException("device " + id.clientId() + " does not exist"));
        devices.put(id.clientId(), device.withEnabled(enabled));
    }

    @Override
    public Optional<Product> product(String productId) {
        return Optional.ofNullable(products.get(productId));
    }

    @Override
    public Collection<Product> products() {
        return List.copyOf(products.values());
    }

    @Override
    public Optional<Device> device(DeviceId id) {
        Device registered = devices.get(id.clientId());
        if (registered != null && registered.id().equals(id)) {
            return Optional.of(registered);
        }
        Product product = products.get(id.productId());
        if (product == null || product.productSecret() == null || deleted.contains(id)) {
            return Optional.empty();
        }
        return Optional.of(Device.withPsk(id, DerivedPsk.derive(product.productSecret(), id.productId(),
                id.deviceName())));
    }

    @Override
    public Optional<DeviceId> resolveClientId(String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        for (String productId : productIdsLongestFirst) {
            if (clientId.length() > productId.length() && clientId.startsWith(productId)) {
                String deviceName = clientId.substring(productId.length());
                if (DeviceId.isValidDeviceName(deviceName)) {
                    return Optional.of(new DeviceId(productId, deviceName));
                }
            }
        }
        return Optional.empty();
    }

    /** The device when it was registered explicitly (derived devices are not), else empty; O(1). */
    Optional<Device> registeredDevice(DeviceId id) {
        Device registered = devices.get(id.clientId());
        return registered != null && registered.id().equals(id) ? Optional.of(registered) : Optional.empty();
    }

    @Override
    public Collection<Device> registeredDevices(String productId) {
        return devices.values().stream().filter(d -> d.id().productId().equals(productId)).toList();
    }
}
