package io.fleetstorm.hub;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.tls.CertificateAuthority;
import io.vertx.core.Future;
import java.security.cert.X509Certificate;

/**
 * The embedded IoT hub: an emulator of the cloud's MQTT access rules that devices and tests connect to.
 *
 * <pre>{@code
 * try (Hub hub = Hub.builder().options(new HubOptions().mqttPort(0)).product(Product.withSecret("PID", "s"))
 *         .startAndWait()) {
 *     int port = hub.mqttPort();
 * }
 * }</pre>
 */
public interface Hub extends AutoCloseable {

    static HubBuilder builder() {
        return new HubBuilder();
    }

    /** The actual MQTT/TCP port, or -1 when that listener is off. */
    int mqttPort();

    /** The actual MQTT/TLS port, or -1 when that listener is off. */
    int tlsPort();

    /** The actual application API (HTTP) port, or -1 when the API is off. */
    int apiPort();

    DeviceRegistry registry();

    /** The key pairs whose signatures the application API accepts ({@link HubOptions#apiKeys}). */
    java.util.List<ApiKey> apiKeys();

    /** The CA that issued the server certificate and issues device certificates. */
    CertificateAuthority certificateAuthority();

    /** The certificate the TLS listener presents. */
    X509Certificate serverCertificate();

    HubStats stats();

    /** Counters of the shadow, OTA, time sync, RRPC and application API services. */
    ServiceStats serviceStats();

    /** What the injected faults ({@link HubOptions#faults}) did: a report can be checked against it. */
    HubFaultStats faultStats();

    /** Protocol violations by clients, and sockets that have not sent CONNECT yet. */
    ProtocolStats protocolStats();

    /** Counters of the gateway, dynamic registration, remote configuration and resource features. */
    FeatureStats featureStats();

    /** Whether the device has an open, accepted connection, or is online through a gateway's connection. */
    boolean isOnline(DeviceId id);

    /**
     * Publishes as the application would (through the cloud) to the device that owns the topic.
     *
     * @param qos 0 or 1
     */
    HubDelivery publish(String topic, byte[] payload, int qos);

    /** Closes every listener and connection. */
    Future<Void> stop();

    /** Stops and waits (at most 10 s). */
    @Override
    void close();
}
