package io.fleetstorm.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The exact bytes a virtual device puts on the wire. */
class MqttWireTest {

    private static String hex(Object message) {
        EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
        channel.writeOutbound(message);
        ByteBuf out = channel.readOutbound();
        try {
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
            channel.finishAndReleaseAll();
        }
    }

    private static String hexOf(String s) {
        return ByteBufUtil.hexDump(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void connectIsMqtt311WithUserNamePasswordKeepAliveAndCleanSession() {
        String clientId = "1A17RZR3XXdev001";
        String user = "1A17RZR3XXdev001;12010126;ABCDE;1700000000";
        String pass = "1fde9ccfafee6ac2ca5c01456bd6f1b2da8fc13828ce05af9cdee9bc3f67c1e5;hmacsha256";
        String body = "00044d515454" + "04" + "c2" + "00f0"
                + String.format("%04x", clientId.length()) + hexOf(clientId)
                + String.format("%04x", user.length()) + hexOf(user)
                + String.format("%04x", pass.length()) + hexOf(pass);
        int remaining = body.length() / 2;
        String expected = "10" + String.format("%02x%02x", (remaining & 0x7f) | 0x80, remaining >> 7) + body;
        assertThat(hex(MqttWire.connect(clientId, user, pass, 240, true))).isEqualTo(expected);
    }

    @Test
    void aCertificateDeviceWithoutPasswordSendsOnlyTheUserNameFlag() {
        String hex = hex(MqttWire.connect("c", "u", null, 60, false));
        assertThat(hex).isEqualTo("101000044d51545404" + "80" + "003c" + "000163" + "000175");
    }

    private static String publishHex(String topic, int qos, int packetId, byte[] payload) {
        ByteBuf out = UnpooledByteBufAllocator.DEFAULT.buffer(8);
        try {
            MqttWire.encodePublish(out, topic, qos, packetId, payload);
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
        }
    }

    /** What Netty's MqttEncoder writes for the same PUBLISH, the reference encodePublish must match. */
    private static String nettyPublishHex(String topic, int qos, int packetId, byte[] payload) {
        return hex(new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), false, 0),
                new MqttPublishVariableHeader(topic, qos == 0 ? -1 : packetId), Unpooled.wrappedBuffer(payload)));
    }

    @Test
    void publishQos1CarriesThePacketIdAndQos0DoesNot() {
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(publishHex("a/b", 1, 7, payload)).isEqualTo("3209" + "0003612f62" + "0007" + "7b7d");
        assertThat(publishHex("a/b", 0, 0, payload)).isEqualTo("3007" + "0003612f62" + "7b7d");
    }

    @Test
    void publishBytesAreNettysEncoderBytesForEveryLengthClassAndNonAsciiTopics() {
        String[] topics = {"a/b", "1A17RZR3XX/dev001/data", "P1/d\u00e9vice-\u6e29\u5ea6/event"};
        int[] sizes = {0, 64, 120, 121, 16_383, 16_384, 300_000}; // 1-, 2- and 3-byte remaining lengths
        for (String topic : topics) {
            for (int size : sizes) {
                byte[] payload = new byte[size];
                java.util.Arrays.fill(payload, (byte) 'x');
                for (int qos = 0; qos <= 1; qos++) {
                    assertThat(publishHex(topic, qos, 0xBEEF, payload)).as("%s %d B QoS %d", topic, size, qos)
                            .isEqualTo(nettyPublishHex(topic, qos, 0xBEEF, payload));
                }
            }
        }
    }

    @Test
    void aBatchsPublishesFollowEachOtherInOneBuffer() {
        ByteBuf out = UnpooledByteBufAllocator.DEFAULT.buffer(4);
        MqttWire.encodePublish(out, "a/b", 1, 1, "{}".getBytes(StandardCharsets.UTF_8));
        MqttWire.encodePublish(out, "a/b", 0, 0, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("3209" + "0003612f62" + "0001" + "7b7d"
                + "3007" + "0003612f62" + "7b7d");
        out.release();
    }

    @Test
    void subscribeHasOneFilterAsTheSdksSend() {
        assertThat(hex(MqttWire.subscribe(3, "a/b", 1))).isEqualTo("8208" + "0003" + "0003612f62" + "01");
    }

    @Test
    void pubackPingreqAndDisconnect() {
        assertThat(hex(MqttWire.puback(0x1234))).isEqualTo("40021234");
        assertThat(hex(MqttWire.PINGREQ)).isEqualTo("c000");
        assertThat(hex(MqttWire.DISCONNECT)).isEqualTo("e000");
    }
}
