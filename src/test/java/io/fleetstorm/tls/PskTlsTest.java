package io.fleetstorm.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The PSK engines in Netty pipelines without sockets: a client and the server context exchange bytes through two
 * {@link EmbeddedChannel}s until both handshakes end.
 */
class PskTlsTest {

    private static final byte[] KEY = "secret-key-12345".getBytes(StandardCharsets.US_ASCII);
    private static final CertificateAuthority CA = CertificateAuthority.generate("psk test CA");
    private static final CertifiedKey SERVER = CA.issueServer(List.of("localhost"));

    private static SslContext serverContext(Map<String, byte[]> keys) throws Exception {
        SslContext certificates = SslContextBuilder.forServer(SERVER.privateKey(), SERVER.certificate())
                .sslProvider(SslProvider.JDK).clientAuth(ClientAuth.OPTIONAL)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols("TLSv1.2", "TLSv1.3").build();
        return PskTls.serverContext(certificates, keys::get);
    }

    /** Collects what the pipeline decrypted. */
    private static final class Received extends ChannelInboundHandlerAdapter {
        final StringBuilder text = new StringBuilder();
        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            text.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }
    }

    /** Moves bytes both ways until neither side has anything to send. */
    private static void pump(EmbeddedChannel a, EmbeddedChannel b) {
        for (int round = 0; round < 50; round++) {
            boolean moved = move(a, b) | move(b, a);
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("the handshake did not settle in 50 rounds");
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        ByteBuf out;
        while ((out = from.readOutbound()) != null) {
            moved = true;
            if (to.isOpen()) {
                to.writeInbound(out);
            } else {
                out.release();
            }
        }
        return moved;
    }

    @Test
    void aPskClientHandshakesWithTheServerContextAndDataFlowsBothWays() throws Exception {
        SslContext server = serverContext(Map.of("1A17RZR3XXdev001", KEY));
        SslHandler clientSsl = PskTls.clientHandler("1A17RZR3XXdev001", KEY, "localhost", 8883);
        Received clientIn = new Received();
        Received serverIn = new Received();
        EmbeddedChannel client = new EmbeddedChannel(clientSsl, clientIn);
        SslHandler serverSsl = server.newHandler(client.alloc());
        EmbeddedChannel serverChannel = new EmbeddedChannel(serverSsl, serverIn);
        pump(client, serverChannel);
        assertThat(clientSsl.handshakeFuture().isSuccess()).isTrue();
        assertThat(serverSsl.handshakeFuture().isSuccess()).isTrue();
        assertThat(PskTls.identity(serverSsl.engine().getSession())).contains("1A17RZR3XXdev001");
        assertThat(serverSsl.engine().getSession().getCipherSuite()).isEqualTo("TLS_PSK_WITH_AES_128_CBC_SHA");
        assertThat(serverSsl.engine().getSession().getProtocol()).isEqualTo("TLSv1.2");

        client.writeAndFlush(Unpooled.copiedBuffer("hello hub", StandardCharsets.UTF_8));
        pump(client, serverChannel);
        assertThat(serverIn.text.toString()).isEqualTo("hello hub");
        String big = "x".repeat(40_000); // more than two records
        serverChannel.writeAndFlush(Unpooled.copiedBuffer(big, StandardCharsets.UTF_8));
        pump(client, serverChannel);
        assertThat(clientIn.text.toString()).isEqualTo(big);
        client.finishAndReleaseAll();
        serverChannel.finishAndReleaseAll();
    }

    @Test
    void aWrongKeyFailsBothHandshakes() throws Exception {
        SslContext server = serverContext(Map.of("1A17RZR3XXdev001", KEY));
        SslHandler clientSsl = PskTls.clientHandler("1A17RZR3XXdev001", "another-key-0000".getBytes(
                StandardCharsets.US_ASCII), "localhost", 8883);
        EmbeddedChannel client = new EmbeddedChannel(clientSsl, new Received());
        SslHandler serverSsl = server.newHandler(client.alloc());
        EmbeddedChannel serverChannel = new EmbeddedChannel(serverSsl, new Received());
        try {
            pump(client, serverChannel);
        } catch (RuntimeException expected) {
            // EmbeddedChannel rethrows the handshake failure
        }
        assertThat(serverSsl.handshakeFuture().isSuccess()).isFalse();
        assertThat(serverSsl.handshakeFuture().cause()).hasMessageContaining("TLS-PSK handshake failed");
        assertThat(clientSsl.handshakeFuture().isSuccess()).isFalse();
        client.finishAndReleaseAll();
        serverChannel.finishAndReleaseAll();
    }

    @Test
    void anUnknownIdentityFailsTheHandshake() throws Exception {
        SslContext server = serverContext(Map.of());
        SslHandler clientSsl = PskTls.clientHandler("nobody", KEY, "localhost", 8883);
        EmbeddedChannel client = new EmbeddedChannel(clientSsl, new Received());
        SslHandler serverSsl = server.newHandler(client.alloc());
        EmbeddedChannel serverChannel = new EmbeddedChannel(serverSsl, new Received());
        try {
            pump(client, serverChannel);
        } catch (RuntimeException expected) {
            // EmbeddedChannel rethrows the handshake failure
        }
        assertThat(serverSsl.handshakeFuture().cause()).hasMessageContaining("unknown_psk_identity");
        client.finishAndReleaseAll();
        serverChannel.finishAndReleaseAll();
    }

    @Test
    void aCertificateClientStillGetsTheCertificateEngine() throws Exception {
        SslContext server = serverContext(Map.of("1A17RZR3XXdev001", KEY));
        SslContext clientContext = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(CA.certificate()).protocols("TLSv1.2", "TLSv1.3").build();
        SslHandler clientSsl = clientContext.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT, "localhost", 8883);
        Received serverIn = new Received();
        EmbeddedChannel client = new EmbeddedChannel(clientSsl, new Received());
        SslHandler serverSsl = server.newHandler(client.alloc());
        EmbeddedChannel serverChannel = new EmbeddedChannel(serverSsl, serverIn);
        pump(client, serverChannel);
        assertThat(clientSsl.handshakeFuture().isSuccess()).isTrue();
        assertThat(serverSsl.handshakeFuture().isSuccess()).isTrue();
        assertThat(PskTls.identity(serverSsl.engine().getSession())).isEmpty();
        client.writeAndFlush(Unpooled.copiedBuffer("certified", StandardCharsets.UTF_8));
        pump(client, serverChannel);
        assertThat(serverIn.text.toString()).isEqualTo("certified");
        client.finishAndReleaseAll();
        serverChannel.finishAndReleaseAll();
    }

    @Test
    void theClientEngineRefusesEmptyCredentials() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PskTls.clientEngine("", KEY, "h", 1))
                .hasMessage("the PSK identity must not be empty");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PskTls.clientEngine("id", new byte[0], "h", 1))
                .hasMessage("the PSK must not be empty");
        assertThat(PskTls.cipherSuites()).startsWith("TLS_PSK_WITH_AES_128_CBC_SHA", "TLS_PSK_WITH_AES_256_CBC_SHA");
    }
}
