package io.fleetstorm.hub;

/**
 * A PUBLISH the hub received from a device.
 *
 * @param clientId the sender
 * @param topic    the topic
 * @param qos      0, 1 or 2
 * @param retain   the retain flag (delivered as a normal message, never retained)
 * @param dup      the dup flag
 * @param payload  the payload bytes
 */
public record PublishRecord(String clientId, String topic, int qos, boolean retain, boolean dup, byte[] payload) {

    public String payloadUtf8() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }
}
