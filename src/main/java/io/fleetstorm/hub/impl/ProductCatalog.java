package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.Product;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API knows of products beyond the registry's {@link Product}: name, description, authentication type,
 * creation time. Products registered at start (not through CreateProduct) are described with defaults.
 */
final class ProductCatalog {

    /** ProductProperties.EncryptionType: certificate devices. */
    static final String CERTIFICATE = "1";
    /** ProductProperties.EncryptionType: key (PSK) devices. */
    static final String KEY = "2";

    record Entry(String name, String description, String encryptionType, long createdS) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    void put(String productId, Entry entry) {
        entries.put(productId, entry);
    }

    void remove(String productId) {
        entries.remove(productId);
    }

    Entry of(String productId) {
        return entries.getOrDefault(productId, new Entry(productId, "", KEY, 0));
    }

    boolean certificates(String productId) {
        return CERTIFICATE.equals(of(productId).encryptionType());
    }
}
