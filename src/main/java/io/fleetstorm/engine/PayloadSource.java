package io.fleetstorm.engine;

import io.fleetstorm.protocol.DeviceId;

/** Renders one message payload for a device; called on the device's event loop, so it must be cheap. */
@FunctionalInterface
public interface PayloadSource {

    byte[] render(DeviceId device, long sequence, long epochMillis);

    static PayloadSource fixed(byte[] bytes) {
        return (device, sequence, epochMillis) -> bytes;
    }
}
