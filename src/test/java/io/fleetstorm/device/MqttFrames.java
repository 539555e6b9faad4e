package io.fleetstorm.device;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MQTT 3.1.1 frames for device tests, built by hand from the specification (the hub's side: PUBLISH, SUBACK,
 * PUBACK), and what a device sent, decoded by Netty's decoder into plain records.
 */
final class MqttFrames {

    static final int[] CONNACK_OK = {0x20, 0x02, 0x00, 0x00};

    /** A packet a device sent: its type and, for PUBLISH and SUBSCRIBE, the topic, QoS, packet id and payload. */
    record Sent(String type, String topic, int qos, int packetId, String payload) {
    }

    private MqttFrames() {
    }

    /** A PUBLISH from the hub (QoS 0, or QoS 1 with {@code packetId}). */
    static byte[] publish(String topic, String payload, int qos, int packetId) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(t.length >> 8);
        body.write(t.length & 0xff);
        body.writeBytes(t);
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId & 0xff);
        }
        body.writeBytes(p);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30 | (qos << 1));
        int remaining = body.size();
        do {
            int digit = remaining & 0x7f;
            remaining >>>= 7;
            out.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static byte[] suback(int packetId, int granted) {
        return new byte[] {(byte) 0x90, 0x03, (byte) (packetId >> 8), (byte) packetId, (byte) granted};
    }

    static byte[] puback(int packetId) {
        return new byte[] {0x40, 0x02, (byte) (packetId >> 8), (byte) packetId};
    }

    /** Decodes what a device sent. */
    static List<Sent> decode(byte[] bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        List<Sent> out = new ArrayList<>();
        for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
            MqttMessage m = (MqttMessage) o;
            if (m instanceof MqttPublishMessage p) {
                out.add(new Sent("PUBLISH", p.variableHeader().topicName(), p.fixedHeader().qosLevel().value(),
                        Math.max(0, p.variableHeader().packetId()), p.content().toString(StandardCharsets.UTF_8)));
            } else if (m instanceof MqttSubscribeMessage s) {
                var sub = s.payload().topicSubscriptions().get(0);
                out.add(new Sent("SUBSCRIBE", sub.topicName(), sub.qualityOfService().value(),
                        s.variableHeader().messageId(), null));
            } else {
                out.add(new Sent(m.fixedHeader().messageType().name(), null, 0, 0, null));
            }
            ReferenceCountUtil.release(o);
        }
        ch.finishAndReleaseAll();
        return out;
    }
}
