package io.fleetstorm.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.tls.CertificateAuthority;
import io.fleetstorm.tls.CertifiedKey;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Future;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Device TLS against a real TLS server on loopback (the JDK's TLS, an independent peer): the hub's certificate is
 * verified, chain and name, unless the user said insecure; certificate devices present their own certificate.
 */
class DeviceTlsIT {

    private static final CertificateAuthority HUB_CA = CertificateAuthority.generate("hub CA");
    private static final CertificateAuthority OTHER_CA = CertificateAuthority.generate("someone else's CA");
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A TLS server with {@code server}'s certificate that asks for a client certificate and keeps what it got. */
    private static Channel server(CertifiedKey server, AtomicReference<X509Certificate> clientCert) throws Exception {
        SslContext ctx = SslContextBuilder.forServer(server.privateKey(), server.chain())
                .sslProvider(SslProvider.JDK).clientAuth(ClientAuth.OPTIONAL)
                .trustManager(HUB_CA.certificate()).protocols("TLSv1.3", "TLSv1.2").build();
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = ctx.newHandler(ch.alloc());
                        ssl.handshakeFuture().addListener(f -> {
                            if (f.isSuccess() && ssl.engine().getSession().getPeerCertificates().length > 0) {
                                clientCert.set((X509Certificate) ssl.engine().getSession().getPeerCertificates()[0]);
                            }
                        });
                        ch.pipeline().addLast(ssl);
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** Connects with a device handler and returns the handshake's outcome. */
    private static Future<Channel> handshake(DeviceTls tls, int port, CertifiedKey deviceKey) throws Exception {
        AtomicReference<SslHandler> handler = new AtomicReference<>();
        new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                handler.set(tls.newHandler(ch.alloc(), "127.0.0.1", port, deviceKey));
                ch.pipeline().addLast(handler.get());
            }
        }).connect("127.0.0.1", port).sync();
        Future<Channel> done = handler.get().handshakeFuture();
        done.await(10, TimeUnit.SECONDS);
        return done;
    }

    private static int port(Channel server) {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    @Test
    void handshakesRunInBoringSslOnLinux() {
        assertThat(new DeviceTls(List.of(HUB_CA.certificate()), false).provider()).startsWith("BoringSSL");
    }

    @Test
    void aHubCertificateFromTheTrustedCaForThisAddressIsAccepted() throws Exception {
        Channel server = server(HUB_CA.issueServer(List.of("localhost", "127.0.0.1")), new AtomicReference<>());
        try {
            assertThat(handshake(new DeviceTls(List.of(HUB_CA.certificate()), false), port(server), null)
                    .isSuccess()).isTrue();
        } finally {
            server.close().sync();
        }
    }

    @Test
    void aHubCertificateFromAnotherCaIsRefusedUnlessTheUserSaidInsecure() throws Exception {
        Channel server = server(OTHER_CA.issueServer(List.of("localhost", "127.0.0.1")), new AtomicReference<>());
        try {
            Future<Channel> refused = handshake(new DeviceTls(List.of(HUB_CA.certificate()), false), port(server),
                    null);
            assertThat(refused.isSuccess()).isFalse();
            assertThat(refused.cause()).isInstanceOf(SSLHandshakeException.class);
            assertThat(handshake(new DeviceTls(List.of(HUB_CA.certificate()), true), port(server), null)
                    .isSuccess()).as("insecure: the user's explicit choice").isTrue();
        } finally {
            server.close().sync();
        }
    }

    @Test
    void aHubCertificateForAnotherNameIsRefused() throws Exception {
        Channel server = server(HUB_CA.issueServer(List.of("hub.elsewhere.example")), new AtomicReference<>());
        try {
            Future<Channel> refused = handshake(new DeviceTls(List.of(HUB_CA.certificate()), false), port(server),
                    null);
            assertThat(refused.isSuccess()).isFalse();
            assertThat(refused.cause()).isInstanceOf(SSLHandshakeException.class);
        } finally {
            server.close().sync();
        }
    }

    /**
     * Both providers: BoringSSL where it loads, the JDK elsewhere. A resumed TLS session would carry the first
     * device's certificate into the second device's connection (the JDK resumed by host and port until the cache
     * was emptied per handshake).
     */
    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void eachCertificateDevicePresentsItsOwnCertificateThroughTheSharedContext(SslProvider provider)
            throws Exception {
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        Channel server = server(HUB_CA.issueServer(List.of("127.0.0.1")), seen);
        try {
            DeviceTls tls = new DeviceTls(List.of(HUB_CA.certificate()), false, provider);
            for (String name : new String[] {"cam01", "cam02", "cam03"}) {
                CertifiedKey device = HUB_CA.issueDevice("P1", name);
                assertThat(handshake(tls, port(server), device).isSuccess()).isTrue();
                for (int i = 0; i < 50 && !device.certificate().equals(seen.get()); i++) {
                    Thread.sleep(10);
                }
                assertThat(seen.get()).as(name).isEqualTo(device.certificate());
            }
            assertThat(handshake(tls, port(server), null).isSuccess()).as("a key device: no certificate").isTrue();
        } finally {
            server.close().sync();
        }
    }
}
