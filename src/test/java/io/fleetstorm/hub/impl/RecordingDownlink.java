package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.HubDelivery;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Downlink} that keeps what services send, for tests without sockets. */
final class RecordingDownlink implements Downlink {

    /** One message as a device would receive it. */
    record Sent(String topic, String payload, int qos) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    HubDelivery answer = HubDelivery.DELIVERED;

    @Override
    public HubDelivery send(String topic, byte[] payload, int qos) {
        sent.add(new Sent(topic, new String(payload, StandardCharsets.UTF_8), qos));
        return answer;
    }

    Sent last() {
        return sent.get(sent.size() - 1);
    }

    String lastPayload() {
        return last().payload();
    }
}
