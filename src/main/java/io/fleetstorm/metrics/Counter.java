package io.fleetstorm.metrics;

/** Temporary stand-in until the metrics branch lands. */
public enum Counter {
    MESSAGES_SENT, MESSAGES_RECEIVED, BYTES_SENT, BYTES_RECEIVED, LATE_STARTS, CONNECT_ATTEMPTS, CONNECTS_OK,
    DISCONNECTS, OPERATION_TIMEOUTS, OTA_COMMANDED, OTA_DONE, OTA_FAILED
}
