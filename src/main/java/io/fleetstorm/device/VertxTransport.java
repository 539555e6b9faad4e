package io.fleetstorm.device;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.net.SocketAddress;

/**
 * The production {@link DeviceTransport} and the one adapter to Vert.x internals in the device layer: a Netty
 * bootstrap bound to one Vert.x event loop, so device channels, their timers and the fleet verticle that owns them
 * all run on the same thread.
 *
 * <p>Why not vertx-mqtt's client: it builds a NetClient (and with TLS an SSL context) per connect and costs about 10 KB
 * of heap per idle device; a channel with a decoder and one handler object per device costs a fraction of that.
 */
public final class VertxTransport implements DeviceTransport {

    /** Bootstrap demands a handler; each channel's pipeline is built before connect instead. */
    @ChannelHandler.Sharable
    private static final class NoopHandler extends ChannelHandlerAdapter {
    }

    private final Bootstrap bootstrap;

    public VertxTransport(Context context, int connectTimeoutMs) {
        ContextInternal internal = (ContextInternal) context;
        VertxInternal vertx = internal.owner();
        EventLoop eventLoop = internal.nettyEventLoop();
        this.bootstrap = new Bootstrap()
                .group(eventLoop)
                .channelFactory(vertx.transport().channelFactory(false))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .handler(new NoopHandler());
        if (vertx.isNativeTransportEnabled() && Epoll.isAvailable()) {
            // with source addresses: bind() must not reserve a port of its own (bind searches the odd ports, one
            // per socket over all addresses); the port is chosen at connect() for the 4-tuple instead
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
    }

    @Override
    public Channel newChannel() {
        Channel channel = bootstrap.register().channel();
        // the bootstrap's placeholder handler would cost every idle device a pipeline context
        channel.pipeline().remove(NoopHandler.class);
        return channel;
    }

    @Override
    public ChannelFuture connect(Channel channel, SocketAddress remote, SocketAddress local) {
        return local == null ? channel.connect(remote) : channel.connect(remote, local);
    }
}
