package io.fleetstorm.metrics;

/** Temporary stand-in until the metrics branch lands. */
public enum Operation {
    CONNECT, SUBSCRIBE, PUBLISH_ACK, ECHO, DOWNLINK, SHADOW_UPDATE, SHADOW_GET, SHADOW_DELTA, SHADOW_CONVERGENCE,
    OTA_COMMAND, OTA_DOWNLOAD, OTA_DONE, RECONNECT_RECOVERY;

    public String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
