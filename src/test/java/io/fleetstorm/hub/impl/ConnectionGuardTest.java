package io.fleetstorm.hub.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.hub.HubEvents;
import io.fleetstorm.hub.HubLimits;
import io.fleetstorm.hub.ViolationRule;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard on an embedded channel: what passes to vertx-mqtt, what is refused and counted, and what it costs. */
class ConnectionGuardTest {

    private final HubCore core = new HubCore(HubLimits.CLOUD, HubEvents.NONE, System::currentTimeMillis);
    private final List<Object> passed = new ArrayList<>();
    private boolean record = true;
    private int passedCount;

    private EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("handler", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passedCount++;
                if (record) {
                    passed.add(msg);
                }
            }
        });
        ConnectionGuard.install(channel.pipeline(), new ListenerLoop(core, null));
        return channel;
    }

    private static MqttConnectMessage connect() {
        return MqttMessageBuilders.connect().clientId("PIDdev").protocolVersion(MqttVersion.MQTT_3_1_1)
                .keepAlive(60).build();
    }

    private static MqttPublishMessage publish() {
        return MqttMessageBuilders.publish().topicName("PID/dev/event").qos(MqttQoS.AT_LEAST_ONCE).messageId(1)
                .payload(Unpooled.wrappedBuffer(new byte[] {'{', '}'})).build();
    }

    @Test
    void aSocketIsPendingUntilItsConnectWhichPassesOnWithEverythingAfterIt() {
        EmbeddedChannel channel = channel();
        assertThat(core.violations.stats().connectionsPending()).isEqualTo(1);
        MqttConnectMessage connect = connect();
        MqttPublishMessage publish = publish();
        channel.writeInbound(connect, publish);
        assertThat(passed).containsExactly(connect, publish);
        assertThat(core.violations.stats().connectionsPending()).isZero();
        assertThat(core.violations.stats().totalViolations()).isZero();
        channel.close();
        assertThat(core.violations.stats().connectionsPending()).isZero();
    }

    @Test
    void aPublishBeforeConnectIsCountedAndClosesTheConnectionWithoutReachingVertxMqtt() {
        EmbeddedChannel channel = channel();
        MqttPublishMessage publish = publish();
        channel.writeInbound(publish);
        assertThat(passed).isEmpty();
        assertThat(publish.refCnt()).as("its payload released").isZero();
        assertThat(channel.isOpen()).isFalse();
        assertThat(core.violations.stats().violations(ViolationRule.PACKET_BEFORE_CONNECT)).isEqualTo(1);
        assertThat(core.violations.stats().connectionsPending()).isZero();
    }

    @Test
    void undecodableBytesAreAMalformedPacketAndAServerOnlyPacketIsUnexpected() {
        EmbeddedChannel garbage = channel();
        garbage.writeInbound(new MqttMessage(null, null, null,
                DecoderResult.failure(new io.netty.handler.codec.DecoderException("Illegal BIT 3"))));
        assertThat(garbage.isOpen()).isFalse();
        EmbeddedChannel pingresp = channel();
        pingresp.writeInbound(connect(), new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false,
                MqttQoS.AT_MOST_ONCE, false, 0)));
        assertThat(pingresp.isOpen()).isFalse();
        assertThat(core.violations.stats().violations(ViolationRule.MALFORMED_PACKET)).isEqualTo(1);
        assertThat(core.violations.stats().violations(ViolationRule.UNEXPECTED_PACKET)).isEqualTo(1);
        assertThat(core.violations.stats().connectionsPending()).isZero();
    }

    @Test
    void withoutFaultsAPublishPassesWithoutAllocating() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(connect());
        MqttPublishMessage publish = publish();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ChannelHandlerContext guard = channel.pipeline().context(ConnectionGuard.NAME);
        for (int i = 0; i < 10_000; i++) {
            guard.fireChannelRead(publish); // warm-up, through the guard's own read
            channel.pipeline().fireChannelRead(publish);
        }
        record = false;
        passedCount = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            channel.pipeline().fireChannelRead(publish);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(passedCount).isEqualTo(100_000);
        // nothing per message: what is left is the measurement's own noise (a few hundred bytes)
        assertThat(allocated).as("bytes allocated for 100,000 PUBLISHes").isLessThan(10_000);
    }
}
