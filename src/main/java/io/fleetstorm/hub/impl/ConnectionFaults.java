package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.HubOperation;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import java.util.concurrent.TimeUnit;

/**
 * The faults that act inside one device connection, after vertx-mqtt: its PUBACKs and its shadow requests withheld,
 * queued behind a limit or delayed. Created only when such a fault is configured; confined to the connection's event
 * loop, like the connection.
 */
final class ConnectionFaults {

    private static final String SHADOW_REQUESTS = "$shadow/operation/";

    private final HubCore core;
    private final DeviceConnection connection;
    private final MqttEndpoint endpoint;
    private final Vertx vertx;
    /** When the last held shadow request goes on: later ones keep their order behind it. */
    private long shadowReleaseNanos;

    ConnectionFaults(HubCore core, DeviceConnection connection, MqttEndpoint endpoint, Vertx vertx) {
        this.core = core;
        this.connection = connection;
        this.endpoint = endpoint;
        this.vertx = vertx;
    }

    /** A PUBACK: withheld (the device times out, as when an acknowledgement is lost), queued, delayed or sent. */
    void acknowledge(int messageId) {
        FaultInjector faults = core.faults;
        if (faults.refuses(HubOperation.PUBACK)) {
            return;
        }
        long wait = faults.admit(HubOperation.PUBACK, System.nanoTime());
        if (wait == 0) {
            endpoint.publishAcknowledge(messageId);
        } else if (wait > 0) {
            vertx.timer(wait, TimeUnit.NANOSECONDS).onSuccess(v -> {
                if (!connection.isClosed()) {
                    endpoint.publishAcknowledge(messageId);
                }
            });
        } // else the limit's queue is full: the acknowledgement is dropped
    }

    /**
     * Whether a fault took the message, if it is a shadow request: refused or over the limit's queue (dropped
     * unanswered), or held and routed later, in the order the device sent its requests. A shadow service processes
     * one device's requests in order: a later update must not overtake an earlier one.
     */
    boolean heldShadow(String topic, byte[] payload, int qos) {
        if (!topic.startsWith(SHADOW_REQUESTS)) {
            return false;
        }
        FaultInjector faults = core.faults;
        if (faults.refuses(HubOperation.SHADOW)) {
            return true;
        }
        long now = System.nanoTime();
        long wait = faults.admit(HubOperation.SHADOW, now);
        if (wait < 0) {
            return true;
        }
        long release = now + wait;
        if (shadowReleaseNanos - release > 0) {
            faults.addInjected(HubOperation.SHADOW, shadowReleaseNanos - release);
            release = shadowReleaseNanos;
        }
        if (release - now <= 0) {
            return false;
        }
        shadowReleaseNanos = release;
        vertx.timer(release - now, TimeUnit.NANOSECONDS).onSuccess(v -> {
            if (!connection.isClosed()) {
                core.routeUplink(connection, topic, payload, qos);
            }
        });
        return true;
    }
}
