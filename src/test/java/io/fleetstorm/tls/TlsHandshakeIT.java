package io.fleetstorm.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real TLS handshakes on 127.0.0.1 between the material of this package, over plain JSSE and Vert.x. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsHandshakeIT {

    private static final int TIMEOUT_MS = 5_000;
    private static final CertificateAuthority CA = CertificateAuthority.generate("handshake-test-ca");
    private static final CertifiedKey SERVER = CA.issueServer(List.of("localhost", "127.0.0.1"));
    private static final CertifiedKey DEVICE = CA.issueDevice("PRODUCT01", "device-1");

    private static Vertx vertx;
    private static ExecutorService acceptor;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        acceptor = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() throws Exception {
        acceptor.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aJsseServerRequiringClientCertificatesSeesTheDeviceCertificate(String protocol) throws Exception {
        try (SSLServerSocket server = jsseServer(protocol)) {
            Future<List<Certificate>> seen = acceptOne(server);

            try (SSLSocket client = jsseClient(TlsMaterial.clientContext(DEVICE, List.of(CA.certificate())),
                    server.getLocalPort())) {
                client.startHandshake();
                assertThat(client.getSession().getProtocol()).isEqualTo(protocol);
                assertThat(client.getSession().getPeerCertificates()[0]).isEqualTo(SERVER.certificate());
            }
            List<Certificate> peer = seen.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertThat(CertificateMatch.sameCertificate((X509Certificate) peer.get(0), DEVICE.certificate())).isTrue();
        }
    }

    @Test
    void aJsseServerRequiringClientCertificatesRejectsAClientWithout() throws Exception {
        try (SSLServerSocket server = jsseServer("TLSv1.2")) {
            Future<List<Certificate>> seen = acceptOne(server);

            try (SSLSocket client = jsseClient(TlsMaterial.clientContext(null, List.of(CA.certificate())),
                    server.getLocalPort())) {
                // The server's alert may arrive as an SSLException or as a reset connection.
                assertThatThrownBy(client::startHandshake).isInstanceOf(IOException.class);
            }
            assertThatThrownBy(() -> seen.get(TIMEOUT_MS, TimeUnit.MILLISECONDS))
                    .hasRootCauseInstanceOf(SSLException.class);
        }
    }

    @Test
    void aClientRefusesAServerFromAnotherCa() throws Exception {
        CertificateAuthority stranger = CertificateAuthority.generate("stranger");
        try (SSLServerSocket server = jsseServer("TLSv1.3")) {
            acceptOne(server);

            try (SSLSocket client = jsseClient(TlsMaterial.clientContext(DEVICE, List.of(stranger.certificate())),
                    server.getLocalPort())) {
                assertThatThrownBy(client::startHandshake).isInstanceOf(SSLException.class);
            }
        }
    }

    @Test
    void acceptAnyClientCertificateRefusesExpiredDeviceCertificates() throws Exception {
        Clock tenYearsAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(3650)), ZoneOffset.UTC);
        CertifiedKey expired = CertificateAuthority.generate("old-ca", tenYearsAgo).issueDevice("P", "old");
        try (SSLServerSocket server = jsseServer("TLSv1.3")) {
            Future<List<Certificate>> seen = acceptOne(server);

            try (SSLSocket client = jsseClient(TlsMaterial.clientContext(expired, List.of(CA.certificate())),
                    server.getLocalPort())) {
                client.startHandshake();
                // In TLS 1.3 the client learns of the rejection only when it next reads.
                client.getInputStream().read();
            } catch (IOException expected) {
                // Either side of the race is fine; the server's view is what matters.
            }
            assertThatThrownBy(() -> seen.get(TIMEOUT_MS, TimeUnit.MILLISECONDS))
                    .hasStackTraceContaining("client certificate expired on");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aVertxServerAcceptingAnyClientCertificateSeesTheDeviceOfAVertxClient(String protocol) throws Exception {
        NetServer server = vertxServer(TlsMaterial.keyCertOptions(SERVER));
        try {
            CompletableFuture<List<Certificate>> seen = new CompletableFuture<>();
            server.connectHandler(socket -> recordPeer(socket, seen));
            int port = await(server.listen(0, "127.0.0.1")).actualPort();
            NetClient client = vertx.createNetClient(new NetClientOptions()
                    .setSsl(true)
                    .setHostnameVerificationAlgorithm("HTTPS")
                    .setConnectTimeout(TIMEOUT_MS)
                    .setEnabledSecureTransportProtocols(Set.of(protocol))
                    .setKeyCertOptions(TlsMaterial.keyCertOptions(DEVICE))
                    .setTrustOptions(TlsMaterial.trustOptions(List.of(CA.certificate()))));

            NetSocket socket = await(client.connect(port, "localhost"));

            assertThat(socket.sslSession().getProtocol()).isEqualTo(protocol);
            assertThat(CertificateMatch.sameCertificate(
                    (X509Certificate) socket.peerCertificates().get(0), SERVER.certificate())).isTrue();
            List<Certificate> peer = seen.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertThat(CertificateMatch.sameCertificate((X509Certificate) peer.get(0), DEVICE.certificate())).isTrue();
            await(client.close());
        } finally {
            await(server.close());
        }
    }

    @Test
    void aVertxServerWithInMemoryPemOptionsServesAJsseClient() throws Exception {
        NetServer server = vertxServer(TlsMaterial.pemKeyCertOptions(SERVER));
        try {
            CompletableFuture<List<Certificate>> seen = new CompletableFuture<>();
            server.connectHandler(socket -> recordPeer(socket, seen));
            int port = await(server.listen(0, "127.0.0.1")).actualPort();

            try (SSLSocket client = jsseClient(TlsMaterial.clientContext(DEVICE, List.of(CA.certificate())), port)) {
                client.startHandshake();
                assertThat(client.getSession().getPeerCertificates()[0]).isEqualTo(SERVER.certificate());
            }
            List<Certificate> peer = seen.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertThat(CertificateMatch.sameCertificate((X509Certificate) peer.get(0), DEVICE.certificate())).isTrue();
        } finally {
            await(server.close());
        }
    }

    @Test
    void acceptAnyClientCertificateCannotBeUsedToTrustAServer() throws Exception {
        SSLContext naive = SSLContext.getInstance("TLS");
        naive.init(null, TlsMaterial.acceptAnyClientCertificate().getTrustManagerFactory(vertx).getTrustManagers(),
                null);
        try (SSLServerSocket server = jsseServer("TLSv1.3")) {
            acceptOne(server);

            try (SSLSocket client = jsseClient(naive, server.getLocalPort())) {
                assertThatThrownBy(client::startHandshake).isInstanceOf(SSLException.class);
            }
        }
    }

    private static SSLServerSocket jsseServer(String protocol) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        TrustManager[] trust =
                TlsMaterial.acceptAnyClientCertificate().getTrustManagerFactory(vertx).getTrustManagers();
        context.init(new javax.net.ssl.KeyManager[] {TlsMaterial.keyManager(SERVER)}, trust, null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        server.setEnabledProtocols(new String[] {protocol});
        server.setSoTimeout(TIMEOUT_MS);
        return server;
    }

    private static Future<List<Certificate>> acceptOne(SSLServerSocket server) {
        return acceptor.submit(() -> {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(TIMEOUT_MS);
                socket.startHandshake();
                return List.of(socket.getSession().getPeerCertificates());
            }
        });
    }

    private static SSLSocket jsseClient(SSLContext context, int port) throws Exception {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(TIMEOUT_MS);
        return socket;
    }

    private static NetServer vertxServer(KeyCertOptions keyCert) {
        TrustOptions anyClient = TlsMaterial.acceptAnyClientCertificate();
        return vertx.createNetServer(new NetServerOptions()
                .setSsl(true)
                .setClientAuth(ClientAuth.REQUIRED)
                .setKeyCertOptions(keyCert)
                .setTrustOptions(anyClient));
    }

    private static void recordPeer(NetSocket socket, CompletableFuture<List<Certificate>> seen) {
        try {
            seen.complete(socket.peerCertificates());
        } catch (Exception e) {
            seen.completeExceptionally(e);
        }
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
}
