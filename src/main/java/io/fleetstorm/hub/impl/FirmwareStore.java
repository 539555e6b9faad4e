package io.fleetstorm.hub.impl;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Uploaded and generated firmware, by product and version. */
final class FirmwareStore {

    private final ConcurrentHashMap<String, Firmware> images = new ConcurrentHashMap<>();

    /** False when the product already has this version (firmware versions are immutable, as in the cloud). */
    boolean add(Firmware firmware) {
        return images.putIfAbsent(key(firmware.productId(), firmware.version()), firmware) == null;
    }

    Optional<Firmware> find(String productId, String version) {
        return Optional.ofNullable(images.get(key(productId, version)));
    }

    private static String key(String productId, String version) {
        return productId + '/' + version;
    }
}
