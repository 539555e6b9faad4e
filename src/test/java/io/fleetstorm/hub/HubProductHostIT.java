package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static io.fleetstorm.hub.TestDevices.device;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.tls.TlsMaterial;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hub impersonating the cloud's per-product hosts ({@code --product-hosts iotcloud.tencentdevices.com}): its
 * certificate names {@code *.iotcloud.tencentdevices.com}, and a device over TLS must indicate (SNI) its own
 * product's host, else CONNACK 0x03, as it would reach no host of its product in the cloud.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubProductHostIT {

    private static final String SUFFIX = "iotcloud.tencentdevices.com";
    private static Hub hub;

    @BeforeAll
    static void startHub() {
        hub = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(0)
                        .apiPort(HubOptions.DISABLED).productHostSuffix(SUFFIX)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    /**
     * Connects over TLS indicating {@code serverName} (none when null) and sends the device's CONNECT as raw bytes
     * (Paho replaces a socket's SNI with the URI's host); the CONNACK return code.
     */
    private static int connect(DeviceId id, String serverName) throws Exception {
        SSLSocketFactory factory = TlsMaterial.clientContext(null, List.of(hub.certificateAuthority().certificate()))
                .getSocketFactory();
        try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", hub.tlsPort())) {
            SSLParameters p = socket.getSSLParameters();
            p.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
            socket.setSSLParameters(p);
            socket.setSoTimeout(5_000);
            String userName = TestDevices.userName(id);
            socket.getOutputStream().write(RawMqttSocket.connect(4, id.clientId(), userName,
                    TestDevices.password(id, userName), 60, true, false));
            socket.getOutputStream().flush();
            byte[] connack = socket.getInputStream().readNBytes(4);
            assertThat(connack[0]).as("CONNACK").isEqualTo((byte) 0x20);
            return connack[3];
        }
    }

    @Test
    void aDeviceIndicatingItsOwnProductsHostConnects() throws Exception {
        assertThat(connect(device("sni-own"), PRODUCT + "." + SUFFIX)).isZero();
        assertThat(connect(device("sni-lower"), PRODUCT.toLowerCase() + "." + SUFFIX)).as("DNS names have no case")
                .isZero();
    }

    @Test
    void anotherProductsHostOrNoneIsRefused() throws Exception {
        assertThat(connect(device("sni-other"), "OTHERPROD1." + SUFFIX)).isEqualTo(3);
        assertThat(connect(device("sni-none"), null)).isEqualTo(3);
        assertThat(hub.stats().refusals()).containsEntry(RefusalReason.WRONG_HOST, 2L);
    }

    @Test
    void plainTcpIsNotChecked() {
        DeviceId id = device("sni-tcp");
        MqttAsyncClient c = TestDevices.client(hub, id);
        try {
            assertThat(TestDevices.connect(c, TestDevices.options(id))).isZero();
        } finally {
            TestDevices.closeQuietly(c);
        }
    }

    @Test
    void theCertificateNamesEveryProductsHost() throws Exception {
        X509Certificate served;
        try (SSLSocket s = (SSLSocket) TlsMaterial.clientContext(null, List.of(hub.certificateAuthority()
                .certificate())).getSocketFactory().createSocket("127.0.0.1", hub.tlsPort())) {
            s.startHandshake();
            served = (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
        assertThat(served.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
                .contains("*." + SUFFIX);
    }
}
