package io.fleetstorm.device;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;

/** The MQTT 3.1.1 packets a device sends, built as the vendor SDKs build them. */
final class MqttWire {

    static final MqttMessage PINGREQ = new MqttMessage(
            new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0));
    static final MqttMessage DISCONNECT = new MqttMessage(
            new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0));

    private MqttWire() {
    }

    static MqttConnectMessage connect(String clientId, String userName, String password, int keepAliveSeconds,
            boolean cleanSession) {
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_3_1_1)
                .clientId(clientId)
                .cleanSession(cleanSession)
                .keepAlive(keepAliveSeconds)
                .hasUser(userName != null)
                .username(userName);
        if (password != null) {
            b.hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    /**
     * Appends one PUBLISH (no DUP, no RETAIN) to {@code out}, byte for byte what Netty's MqttEncoder writes for it.
     * Why not the encoder: it costs two pooled buffers, a message object and a pipeline pass per publish, the largest
     * share of a QoS 0 publish's CPU (issue 8 profile); appending lets a device's publishes of one batch leave as
     * one buffer.
     */
    static void encodePublish(ByteBuf out, String topic, int qos, int packetId, byte[] payload) {
        int topicBytes = ByteBufUtil.utf8Bytes(topic);
        int remaining = 2 + topicBytes + (qos > 0 ? 2 : 0) + payload.length;
        out.writeByte(0x30 | (qos << 1));
        do { // MQTT's variable-length integer: 7 bits per byte, high bit = more
            int digit = remaining & 0x7f;
            remaining >>>= 7;
            out.writeByte(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        out.writeShort(topicBytes);
        ByteBufUtil.reserveAndWriteUtf8(out, topic, topicBytes);
        if (qos > 0) {
            out.writeShort(packetId);
        }
        out.writeBytes(payload);
    }

    static MqttMessage subscribe(int packetId, String filter, int qos) {
        return MqttMessageBuilders.subscribe().messageId(packetId).addSubscription(MqttQoS.valueOf(qos), filter)
                .build();
    }

    static MqttMessage puback(int packetId) {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                MqttMessageIdVariableHeader.from(packetId));
    }
}
