package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.DeviceId;

/** A hub service that consumes device messages on its topics (shadow, OTA, time sync, RRPC replies). */
interface UplinkService {

    boolean handles(String topic);

    /** Called on the sending device's event loop; must not block. */
    void handle(DeviceId from, String topic, byte[] payload, int qos);
}
