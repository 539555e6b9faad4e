package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static io.fleetstorm.hub.TestDevices.device;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.tls.PskTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS-PSK on the hub's TLS port beside certificate TLS, checked with an independent client (the openssl command
 * line, PSK-AES128-CBC-SHA over TLS 1.2, carrying raw MQTT bytes) and with fleetstorm's own client handler.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubTlsPskIT {

    private static final byte[] CONNACK_ACCEPTED = {0x20, 0x02, 0x00, 0x00};
    private static final byte[] CONNACK_REFUSED_03 = {0x20, 0x02, 0x00, 0x03};
    private static Hub hub;

    @BeforeAll
    static void startHub() {
        hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(HubOptions.DISABLED).tlsPort(0)
                        .apiPort(HubOptions.DISABLED).limits(HubLimits.CLOUD.withConnectIntervalMs(0)))
                .product(Product.withSecret(PRODUCT, SECRET))
                .startAndWait();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static String hexKey(DeviceId id) {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(TestDevices.psk(id)));
    }

    /** A CONNECT as the C SDK sends it over TLS-PSK: a UserName, no password. */
    private static byte[] connect(String clientId, String userName, String password) {
        return RawMqttSocket.connect(4, clientId, userName, password, 60, true, false);
    }

    /** Runs openssl s_client with the PSK, writes the bytes, returns what came back (or the failure). */
    private static Result openssl(String identity, String hexKey, byte[] send) throws Exception {
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + hub.tlsPort(), "-tls1_2",
                "-cipher", "PSK-AES128-CBC-SHA", "-psk_identity", identity, "-psk", hexKey, "-quiet", "-ign_eof")
                .redirectErrorStream(false).start();
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAtMost(p.getInputStream(), 4));
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        p.getOutputStream().write(send);
        p.getOutputStream().flush();
        byte[] out;
        try {
            out = stdout.get(10, TimeUnit.SECONDS);
            if (out.length < 4) {
                p.waitFor(10, TimeUnit.SECONDS); // a failed handshake ends openssl: let it finish writing why
            }
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        return new Result(out, new String(stderr.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    private record Result(byte[] stdout, String stderr) {
    }

    private static byte[] readAtMost(InputStream in, int n) {
        try {
            return in.readNBytes(n);
        } catch (Exception e) {
            return new byte[0];
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (Exception e) {
            return new byte[0];
        }
    }

    @Test
    void opensslWithTheDevicePskGetsConnack0() throws Exception {
        DeviceId id = device("psk-openssl");
        Result r = openssl(id.clientId(), hexKey(id), connect(id.clientId(), TestDevices.userName(id), null));
        assertThat(r.stdout()).as(r.stderr()).containsExactly(CONNACK_ACCEPTED);
    }

    @Test
    void aPasswordOnAPskSessionIsStillChecked() throws Exception {
        DeviceId id = device("psk-password");
        String userName = TestDevices.userName(id);
        assertThat(openssl(id.clientId(), hexKey(id), connect(id.clientId(), userName,
                TestDevices.password(id, userName))).stdout()).containsExactly(CONNACK_ACCEPTED);
        assertThat(openssl(id.clientId(), hexKey(id), connect(id.clientId(), userName, "0000;hmacsha256")).stdout())
                .containsExactly(CONNACK_REFUSED_03);
    }

    @Test
    void theConnectMustBeForThePskIdentity() throws Exception {
        DeviceId id = device("psk-identity");
        DeviceId other = device("psk-other");
        Result r = openssl(id.clientId(), hexKey(id), connect(other.clientId(), TestDevices.userName(other),
                TestDevices.password(other, TestDevices.userName(other))));
        assertThat(r.stdout()).containsExactly(CONNACK_REFUSED_03);
    }

    @Test
    void aWrongKeyFailsTheHandshake() throws Exception {
        DeviceId id = device("psk-wrong");
        Result r = openssl(id.clientId(), "00112233445566778899aabbccddeeff", connect(id.clientId(),
                TestDevices.userName(id), null));
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).containsIgnoringCase("alert");
        assertThat(hub.stats().connectsAccepted()).isNotNegative();
    }

    @Test
    void anUnknownIdentityFailsTheHandshake() throws Exception {
        Result r = openssl("NOSUCHPRODUCTx", "00112233445566778899aabbccddeeff", new byte[] {0x10});
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).containsIgnoringCase("alert");
    }

    @Test
    void certificateTlsStillWorksOnTheSamePort() throws Exception {
        DeviceId id = device("psk-port-cert-tls");
        MqttAsyncClient client = TestDevices.client("ssl://127.0.0.1:" + hub.tlsPort(), id.clientId());
        try {
            javax.net.ssl.SSLContext ssl = io.fleetstorm.tls.TlsMaterial.clientContext(null,
                    List.of(hub.certificateAuthority().certificate()));
            assertThat(TestDevices.connect(client, TestDevices.tlsOptions(id, ssl.getSocketFactory()))).isZero();
        } finally {
            TestDevices.closeQuietly(client);
        }
    }

    @Test
    void fleetstormsClientHandlerConnects() throws Exception {
        DeviceId id = device("psk-netty");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CompletableFuture<byte[]> connack = new CompletableFuture<>();
        try {
            SslHandler ssl = PskTls.clientHandler(id.clientId(), Base64.getDecoder().decode(TestDevices.psk(id)),
                    "127.0.0.1", hub.tlsPort());
            Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(ssl, new ChannelInboundHandlerAdapter() {
                                private final ByteArrayOutputStream got = new ByteArrayOutputStream();

                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ByteBuf buf = (ByteBuf) msg;
                                    byte[] bytes = new byte[buf.readableBytes()];
                                    buf.readBytes(bytes);
                                    buf.release();
                                    got.writeBytes(bytes);
                                    if (got.size() >= 4) {
                                        connack.complete(got.toByteArray());
                                    }
                                }
                            });
                        }
                    }).connect("127.0.0.1", hub.tlsPort()).sync().channel();
            assertThat(ssl.handshakeFuture().await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ssl.handshakeFuture().isSuccess()).as(String.valueOf(ssl.handshakeFuture().cause())).isTrue();
            channel.writeAndFlush(Unpooled.wrappedBuffer(connect(id.clientId(), TestDevices.userName(id), null)));
            assertThat(connack.get(10, TimeUnit.SECONDS)).containsExactly(CONNACK_ACCEPTED);
            assertThat(hub.isOnline(id)).isTrue();
            List<String> suites = new ArrayList<>(List.of(ssl.engine().getSession().getCipherSuite()));
            assertThat(suites).containsExactly("TLS_PSK_WITH_AES_128_CBC_SHA");
            channel.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
