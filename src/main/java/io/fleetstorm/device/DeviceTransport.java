package io.fleetstorm.device;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.SocketAddress;

/**
 * Where a device's channels come from: {@link VertxTransport} on a Vert.x event loop in a run, Netty's
 * {@code EmbeddedChannel} in the device's unit tests. Every channel lives on the loop of the device that opens it.
 */
public interface DeviceTransport {

    /** A registered, unconnected channel; the caller adds its handlers, then {@link #connect}s it. */
    Channel newChannel();

    /**
     * Connects the channel; the future fails on a refused, reset, unreachable or timed-out connect. Netty never fires
     * {@code channelInactive} for a channel that was never active, so the future is the only news of such a failure.
     */
    ChannelFuture connect(Channel channel, SocketAddress remote, SocketAddress local);
}
