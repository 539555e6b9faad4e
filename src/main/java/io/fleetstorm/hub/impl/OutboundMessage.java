package io.fleetstorm.hub.impl;

/**
 * A message on its way to a device, kept in an offline queue or in flight until PUBACK.
 *
 * @param topic          the topic
 * @param payload        the payload bytes (shared, never modified)
 * @param qos            0 or 1
 * @param expiresAtMillis when an offline copy is dropped
 */
record OutboundMessage(String topic, byte[] payload, int qos, long expiresAtMillis) {
}
