package io.fleetstorm.bench;

import io.fleetstorm.tls.CertificateAuthority;
import io.fleetstorm.tls.CertifiedKey;
import io.fleetstorm.tls.PskTls;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * CPU per TLS handshake on the hub's TLS port, TLS-PSK against certificate TLS, client and server side apart (run by
 * bench/tls-handshake.sh, not a test). Both ends run in this thread through Netty pipelines without sockets, so the
 * figures are handshake CPU only: no kernel, no network. The server end is the hub's own PSK-aware context (JDK
 * engines for certificates, as the hub's listener uses). Every client handshake names another peer port, so the
 * JDK's client session cache never resumes: each is a full handshake, as a fleet of distinct devices makes.
 */
public final class TlsHandshakeBench {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private TlsHandshakeBench() {
    }

    public static void main(String[] args) throws Exception {
        int handshakes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        CertificateAuthority ca = CertificateAuthority.generate("bench CA");
        CertifiedKey server = ca.issueServer(List.of("localhost"));
        CertifiedKey device = ca.issueDevice("BENCH00001", "dev");
        SslContext certificates = SslContextBuilder.forServer(server.privateKey(), server.certificate())
                .sslProvider(SslProvider.JDK).clientAuth(ClientAuth.OPTIONAL)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols("TLSv1.2", "TLSv1.3").build();
        SslContext hub = PskTls.serverContext(certificates, Map.of("BENCH00001dev", KEY)::get);
        SslContext serverAuth = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(ca.certificate()).protocols("TLSv1.2").build();
        SslContext mutual = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .keyManager(device.privateKey(), device.certificate()).trustManager(ca.certificate())
                .protocols("TLSv1.2").build();
        StringBuilder json = new StringBuilder("{\"handshakes\":").append(handshakes)
                .append(",\"java\":\"").append(System.getProperty("java.version")).append('"');
        run(json, "psk", handshakes, hub,
                port -> PskTls.clientHandler("BENCH00001dev", KEY, "localhost", port));
        run(json, "certificate_tls12", handshakes, hub,
                port -> serverAuth.newHandler(ByteBufAllocator.DEFAULT, "localhost", port));
        run(json, "mutual_tls12", handshakes, hub,
                port -> mutual.newHandler(ByteBufAllocator.DEFAULT, "localhost", port));
        System.out.println(json.append('}'));
    }

    private static void run(StringBuilder json, String name, int handshakes, SslContext hub,
            java.util.function.IntFunction<SslHandler> client) {
        long[] warm = new long[2];
        for (int i = 0; i < Math.max(200, handshakes / 4); i++) {
            handshake(hub, client.apply(i), warm);
        }
        long[] cpu = new long[2];
        for (int i = 0; i < handshakes; i++) {
            handshake(hub, client.apply(100_000 + i), cpu);
        }
        json.append(",\"").append(name).append("\":{\"client_us\":").append(cpu[0] / 1000 / handshakes)
                .append(",\"server_us\":").append(cpu[1] / 1000 / handshakes).append('}');
    }

    /** One handshake; adds each side's CPU nanoseconds to cpu[0] (client) and cpu[1] (server). */
    private static void handshake(SslContext hub, SslHandler clientSsl, long[] cpu) {
        long t0 = CPU.getCurrentThreadCpuTime();
        EmbeddedChannel client = new EmbeddedChannel(clientSsl);
        cpu[0] += CPU.getCurrentThreadCpuTime() - t0;
        t0 = CPU.getCurrentThreadCpuTime();
        SslHandler serverSsl = hub.newHandler(ByteBufAllocator.DEFAULT);
        EmbeddedChannel server = new EmbeddedChannel(serverSsl);
        cpu[1] += CPU.getCurrentThreadCpuTime() - t0;
        for (int round = 0; round < 20 && !(clientSsl.handshakeFuture().isDone()
                && serverSsl.handshakeFuture().isDone()); round++) {
            cpu[1] += move(client, server);
            cpu[0] += move(server, client);
        }
        if (!clientSsl.handshakeFuture().isSuccess() || !serverSsl.handshakeFuture().isSuccess()) {
            throw new IllegalStateException("handshake failed: " + clientSsl.handshakeFuture().cause() + " / "
                    + serverSsl.handshakeFuture().cause());
        }
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    /** Delivers what {@code from} wrote to {@code to}; returns the CPU the receiving side spent. */
    private static long move(EmbeddedChannel from, EmbeddedChannel to) {
        long spent = 0;
        ByteBuf out;
        while ((out = from.readOutbound()) != null) {
            long t0 = CPU.getCurrentThreadCpuTime();
            to.writeInbound(out);
            spent += CPU.getCurrentThreadCpuTime() - t0;
        }
        return spent;
    }
}
