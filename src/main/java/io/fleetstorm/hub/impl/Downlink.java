package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.HubDelivery;

/** Where services send messages to devices: {@link HubCore#routeDownlink} in the hub, a recorder in tests. */
@FunctionalInterface
interface Downlink {

    HubDelivery send(String topic, byte[] payload, int qos);
}
