package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static io.fleetstorm.hub.TestDevices.client;
import static io.fleetstorm.hub.TestDevices.closeQuietly;
import static io.fleetstorm.hub.TestDevices.connect;
import static io.fleetstorm.hub.TestDevices.device;
import static io.fleetstorm.hub.TestDevices.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.tls.CertificateAuthority;
import io.fleetstorm.tls.CertifiedKey;
import io.fleetstorm.tls.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TLS listener: mutual TLS for certificate devices, server-authenticated TLS for key devices. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubTlsIT {

    private static final RecordingHubEvents EVENTS = new RecordingHubEvents();
    private static final DeviceId CAMERA = device("cam-01");
    private static final DeviceId OTHER_CAMERA = device("cam-02");
    @TempDir
    static Path certDir;
    private static Hub hub;
    private static CertifiedKey cameraKey;
    private static CertifiedKey otherCameraKey;

    @BeforeAll
    static void startHub() {
        hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(0).certDir(certDir)
                        .apiPort(HubOptions.DISABLED)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)).events(EVENTS))
                .product(Product.withSecret(PRODUCT, SECRET))
                .startAndWait();
        CertificateAuthority ca = hub.certificateAuthority();
        cameraKey = ca.issueDevice(PRODUCT, CAMERA.deviceName());
        otherCameraKey = ca.issueDevice(PRODUCT, OTHER_CAMERA.deviceName());
        hub.registry().addDevice(Device.withCertificate(CAMERA, cameraKey.certificate()));
        hub.registry().addDevice(Device.withCertificate(OTHER_CAMERA, otherCameraKey.certificate()));
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @BeforeEach
    void forget() {
        EVENTS.clear();
    }

    private static SSLSocketFactory factory(CertifiedKey clientKey, String protocol) throws Exception {
        SSLContext context = TlsMaterial.clientContext(clientKey, List.of(hub.certificateAuthority().certificate()));
        SSLSocketFactory base = context.getSocketFactory();
        return new PinnedProtocolFactory(base, protocol);
    }

    private static int connectTls(DeviceId id, CertifiedKey clientKey, String protocol, MqttConnectOptions o)
            throws Exception {
        o.setSocketFactory(factory(clientKey, protocol));
        MqttAsyncClient c = TestDevices.client("ssl://127.0.0.1:" + hub.tlsPort(), id.clientId());
        try {
            return connect(c, o);
        } finally {
            closeQuietly(c);
        }
    }

    @ParameterizedTest(name = "a certificate device connects with its own certificate over {0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aCertificateDeviceConnectsWithItsOwnCertificate(String protocol) throws Exception {
        MqttConnectOptions o = options(TestDevices.userName(CAMERA), "anything");
        assertThat(connectTls(CAMERA, cameraKey, protocol, o)).isZero();
        assertThat(EVENTS.accepted()).singleElement().satisfies(c -> {
            assertThat(c.tls()).isTrue();
            assertThat(c.clientCertificate()).isTrue();
        });
    }

    @Test
    void aCertificateDeviceMayOmitThePassword() throws Exception {
        MqttConnectOptions o = options(TestDevices.userName(CAMERA), null);
        assertThat(connectTls(CAMERA, cameraKey, "TLSv1.3", o)).isZero();
    }

    @Test
    void anotherDevicesCertificateIsRefusedWith3() throws Exception {
        MqttConnectOptions o = options(TestDevices.userName(CAMERA), "x");
        assertThat(connectTls(CAMERA, otherCameraKey, "TLSv1.3", o)).isEqualTo(3);
        assertThat(EVENTS.refused().get(0).reason()).isEqualTo(RefusalReason.BAD_CERTIFICATE);
    }

    @Test
    void aCertificateDeviceWithoutItsCertificateIsRefusedWith3() throws Exception {
        MqttConnectOptions o = options(TestDevices.userName(CAMERA), "x");
        assertThat(connectTls(CAMERA, null, "TLSv1.3", o)).isEqualTo(3);
        assertThat(EVENTS.refused().get(0).reason()).isEqualTo(RefusalReason.BAD_CERTIFICATE);
    }

    @Test
    void aCertificateDeviceOverPlainTcpIsRefusedWith3() {
        MqttAsyncClient c = client(hub, CAMERA);
        try {
            assertThat(connect(c, options(TestDevices.userName(CAMERA), "x"))).isEqualTo(3);
        } finally {
            closeQuietly(c);
        }
    }

    @ParameterizedTest(name = "a key device signs its password over server-authenticated {0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aKeyDeviceUsesServerAuthenticatedTlsWithItsHmacPassword(String protocol) throws Exception {
        DeviceId id = device("tls-key-01");
        assertThat(connectTls(id, null, protocol, options(id))).isZero();
        MqttConnectOptions bad = options(TestDevices.userName(id), "00;hmacsha256");
        assertThat(connectTls(id, null, protocol, bad)).isEqualTo(3);
    }

    @Test
    void theServerCertificateChainsToTheCaWrittenToTheCertDir() throws Exception {
        assertThat(certDir.resolve("ca.pem")).exists();
        assertThat(certDir.resolve("server.pem")).exists();
        assertThat(Files.readString(certDir.resolve("ca.key"))).contains("PRIVATE KEY");
        // a client that trusts only the written ca.pem verifies the server
        SSLContext context = TlsMaterial.clientContext(null,
                io.fleetstorm.tls.PemFiles.readCertificates(certDir.resolve("ca.pem")));
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", hub.tlsPort())) {
            s.startHandshake();
            assertThat(s.getSession().getPeerCertificates()[0]).isEqualTo(hub.serverCertificate());
        }
    }

    /** Restricts a socket factory to one TLS version. */
    private static final class PinnedProtocolFactory extends SSLSocketFactory {
        private final SSLSocketFactory base;
        private final String protocol;

        PinnedProtocolFactory(SSLSocketFactory base, String protocol) {
            this.base = base;
            this.protocol = protocol;
        }

        private java.net.Socket pin(java.net.Socket s) {
            ((SSLSocket) s).setEnabledProtocols(new String[] {protocol});
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return base.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return base.getSupportedCipherSuites();
        }

        @Override
        public java.net.Socket createSocket() throws java.io.IOException {
            return pin(base.createSocket());
        }

        @Override
        public java.net.Socket createSocket(java.net.Socket s, String host, int port, boolean autoClose)
                throws java.io.IOException {
            return pin(base.createSocket(s, host, port, autoClose));
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
            return pin(base.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort)
                throws java.io.IOException {
            return pin(base.createSocket(host, port, localHost, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws java.io.IOException {
            return pin(base.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress,
                int localPort) throws java.io.IOException {
            return pin(base.createSocket(address, port, localAddress, localPort));
        }
    }
}
