package io.fleetstorm.metrics;

import java.util.Locale;

/** The run's counters, one catalogue. Message and byte counters are kept by behaviour and QoS. */
public enum Counter {
    MESSAGES_SENT, MESSAGES_RECEIVED, BYTES_SENT, BYTES_RECEIVED, CONNECT_ATTEMPTS, CONNECTS_OK, DISCONNECTS,
    OTA_COMMANDED, OTA_DONE, OTA_FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
