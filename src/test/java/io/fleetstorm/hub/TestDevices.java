package io.fleetstorm.hub;

import io.fleetstorm.protocol.ConnId;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Expiry;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import io.fleetstorm.protocol.UserName;
import java.util.Random;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Eclipse Paho clients signed the way the vendor's Java SDK signs them, for hub integration tests. */
final class TestDevices {

    static final String PRODUCT = "1A17RZR3XX";
    static final String SECRET = "fleet-secret";
    private static final Random RANDOM = new Random(42);

    private TestDevices() {
    }

    static DeviceId device(String name) {
        return new DeviceId(PRODUCT, name);
    }

    static String psk(DeviceId id) {
        return DerivedPsk.derive(SECRET, id.productId(), id.deviceName());
    }

    /** A UserName that expires in an hour, with a fresh connid, as the Java SDK builds it. */
    static String userName(DeviceId id) {
        return new UserName(id.clientId(), SdkAppId.JAVA_SDK, ConnId.random(RANDOM),
                Expiry.seconds(System.currentTimeMillis() / 1000 + 3600)).encode();
    }

    static String password(DeviceId id, String userName) {
        return Signer.password(SignMethod.HMACSHA256, Signer.decodePsk(psk(id)), userName);
    }

    static MqttConnectOptions options(DeviceId id) {
        String userName = userName(id);
        return options(userName, password(id, userName));
    }

    static MqttConnectOptions options(String userName, String password) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(userName);
        if (password != null) {
            o.setPassword(password.toCharArray());
        }
        o.setCleanSession(true);
        o.setKeepAliveInterval(60);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(5);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no silent retry with 3.1 after a refusal
        return o;
    }

    static MqttConnectOptions tlsOptions(DeviceId id, SSLSocketFactory factory) {
        MqttConnectOptions o = options(id);
        o.setSocketFactory(factory);
        o.setHttpsHostnameVerificationEnabled(false);
        return o;
    }

    static MqttAsyncClient client(String uri, String clientId) {
        try {
            return new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    static MqttAsyncClient client(Hub hub, DeviceId id) {
        return client("tcp://127.0.0.1:" + hub.mqttPort(), id.clientId());
    }

    /** Connects and waits; returns the CONNACK return code (0 = accepted). */
    static int connect(MqttAsyncClient client, MqttConnectOptions options) {
        try {
            client.connect(options).waitForCompletion(10_000);
            return 0;
        } catch (MqttException e) {
            if (e.getReasonCode() >= 1 && e.getReasonCode() <= 5) {
                return e.getReasonCode();
            }
            throw new AssertionError("connect failed without a CONNACK code: " + e, e);
        }
    }

    static void closeQuietly(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(100, 1000);
            }
            client.close(true);
        } catch (MqttException ignored) {
            // already gone
        }
    }
}
