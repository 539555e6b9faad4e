package io.fleetstorm.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
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

    @Test
    void publishQos1CarriesThePacketIdAndQos0DoesNot() {
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(hex(MqttWire.publish("a/b", 1, 7, payload, UnpooledByteBufAllocator.DEFAULT)))
                .isEqualTo("3209" + "0003612f62" + "0007" + "7b7d");
        assertThat(hex(MqttWire.publish("a/b", 0, 0, payload, UnpooledByteBufAllocator.DEFAULT)))
                .isEqualTo("3007" + "0003612f62" + "7b7d");
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
