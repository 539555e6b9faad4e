package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.DeviceId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** The shadow documents of every device, created on first use (a new device's shadow is empty, version 0). */
final class ShadowStore {

    private final ConcurrentHashMap<DeviceId, ShadowDocument> documents = new ConcurrentHashMap<>();
    private final LongSupplier millisClock;

    ShadowStore(LongSupplier millisClock) {
        this.millisClock = millisClock;
    }

    ShadowDocument document(DeviceId id) {
        ShadowDocument existing = documents.get(id); // the common case without computeIfAbsent's bin lock
        return existing != null ? existing
                : documents.computeIfAbsent(id, k -> new ShadowDocument(millisClock.getAsLong()));
    }

    int size() {
        return documents.size();
    }
}
