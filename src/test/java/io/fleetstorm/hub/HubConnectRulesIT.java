package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static io.fleetstorm.hub.TestDevices.client;
import static io.fleetstorm.hub.TestDevices.closeQuietly;
import static io.fleetstorm.hub.TestDevices.connect;
import static io.fleetstorm.hub.TestDevices.device;
import static io.fleetstorm.hub.TestDevices.options;
import static io.fleetstorm.hub.TestDevices.password;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Expiry;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import io.fleetstorm.protocol.UserName;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every CONNECT rule of the protocol doc (sections 1, 7 and 10), checked with Eclipse Paho (what the vendor's Java
 * SDK is built on) and with raw bytes where Paho cannot send what a rule is about.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubConnectRulesIT {

    private static final RecordingHubEvents EVENTS = new RecordingHubEvents();
    private static Hub hub;

    @BeforeAll
    static void startHub() {
        hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED)
                        .apiPort(HubOptions.DISABLED)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)).events(EVENTS))
                .product(Product.withSecret(PRODUCT, SECRET))
                .product(Product.of("NOSECRET01"))
                .startAndWait();
        hub.registry().setEnabled(device("off-01"), false);
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @BeforeEach
    void forget() {
        EVENTS.clear();
    }

    private int connectWith(DeviceId id, MqttConnectOptions options) {
        MqttAsyncClient c = client(hub, id);
        try {
            return connect(c, options);
        } finally {
            closeQuietly(c);
        }
    }

    private static String signed(DeviceId id, String sdkAppId, Expiry expiry) {
        return new UserName(id.clientId(), sdkAppId, "AbC12", expiry).encode();
    }

    @Test
    void aDeviceSignedAsTheJavaSdkSignsIsAccepted() {
        DeviceId id = device("ok-01");
        assertThat(connectWith(id, options(id))).isZero();
        assertThat(EVENTS.accepted()).singleElement().satisfies(c -> {
            assertThat(c.clientId()).isEqualTo("1A17RZR3XXok-01");
            assertThat(c.passwordMethod()).isEqualTo("hmacsha256");
            assertThat(c.protocolVersion()).isEqualTo(4);
        });
    }

    @ParameterizedTest(name = "expiry {0} with sdkappid {1} is accepted")
    @CsvSource({
        "seconds,12010126", "2147483647,12010126", "milliseconds,21010406", "92233720368547758,21010406",
        "99999999999999999999,12010126"})
    void everyExpiryFormTheSdksSendIsAccepted(String expiry, String sdkAppId) {
        DeviceId id = device("exp-" + Math.abs(expiry.hashCode() % 1000));
        String raw = switch (expiry) {
            case "seconds" -> Long.toString(System.currentTimeMillis() / 1000 + 600);
            case "milliseconds" -> Long.toString(System.currentTimeMillis() + 600_000);
            default -> expiry;
        };
        String userName = id.clientId() + ";" + sdkAppId + ";XyZ09;" + raw;
        assertThat(connectWith(id, options(userName, password(id, userName)))).isZero();
    }

    @Test
    void hmacSha1PasswordsAreAccepted() {
        DeviceId id = device("sha1-01");
        String userName = signed(id, SdkAppId.C_SDK, Expiry.seconds(System.currentTimeMillis() / 1000 + 60));
        String pwd = Signer.password(SignMethod.HMACSHA1, Signer.decodePsk(TestDevices.psk(id)), userName);
        assertThat(connectWith(id, options(userName, pwd))).isZero();
        assertThat(EVENTS.accepted().get(0).passwordMethod()).isEqualTo("hmacsha1");
    }

    @Test
    void aBadSignatureIsRefusedWith3() {
        DeviceId id = device("bad-sig");
        String userName = TestDevices.userName(id);
        String wrong = Signer.password(SignMethod.HMACSHA256, "wrong".getBytes(), userName);
        assertThat(connectWith(id, options(userName, wrong))).isEqualTo(3);
        assertThat(EVENTS.refused()).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RefusalReason.BAD_SIGNATURE));
    }

    @Test
    void aMissingPasswordIsRefusedWith3() {
        DeviceId id = device("no-pwd");
        assertThat(connectWith(id, options(TestDevices.userName(id), null))).isEqualTo(3);
    }

    @Test
    void anUnknownProductIsRefusedWith3() {
        DeviceId id = new DeviceId("ZZZZZZZZZZ", "dev");
        String userName = TestDevices.userName(id);
        assertThat(connectWith(id, options(userName, password(id, userName)))).isEqualTo(3);
        assertThat(EVENTS.refused().get(0).reason()).isEqualTo(RefusalReason.UNKNOWN_DEVICE);
    }

    @Test
    void anUnregisteredDeviceOfAProductWithoutSecretIsRefusedWith3() {
        DeviceId id = new DeviceId("NOSECRET01", "dev");
        String userName = TestDevices.userName(id);
        assertThat(connectWith(id, options(userName, "00;hmacsha256"))).isEqualTo(3);
        assertThat(EVENTS.refused().get(0).reason()).isEqualTo(RefusalReason.UNKNOWN_DEVICE);
    }

    @Test
    void aUserNameOfAnotherDeviceIsRefusedWith3() {
        DeviceId me = device("me-01");
        DeviceId other = device("other-01");
        String userName = TestDevices.userName(other);
        MqttAsyncClient c = client(hub, me);
        try {
            assertThat(connect(c, options(userName, password(other, userName)))).isEqualTo(3);
        } finally {
            closeQuietly(c);
        }
        assertThat(EVENTS.refused().get(0).reason()).isEqualTo(RefusalReason.CLIENT_ID_MISMATCH);
    }

    @ParameterizedTest(name = "UserName \"{0}\" is refused with 3")
    @CsvSource(delimiter = '|', value = {
        "1A17RZR3XXmal-01", "1A17RZR3XXmal-01;12010126;ABCDE", "1A17RZR3XXmal-01;12010126;ABCDE;soon",
        "1A17RZR3XXmal-01;sdk;ABCDE;2147483647", "1A17RZR3XXmal-01;12010126;A-B;2147483647"})
    void malformedUserNamesAreRefusedWith3(String userName) {
        DeviceId id = device("mal-01");
        assertThat(connectWith(id, options(userName, password(id, userName)))).isEqualTo(3);
        assertThat(EVENTS.refused().get(0).reason()).isEqualTo(RefusalReason.MALFORMED_USERNAME);
    }

    @Test
    void anExpiredSignatureIsRefusedWith4() {
        DeviceId id = device("late-01");
        String userName = signed(id, SdkAppId.JAVA_SDK, Expiry.seconds(System.currentTimeMillis() / 1000 - 120));
        assertThat(connectWith(id, options(userName, password(id, userName)))).isEqualTo(4);
        assertThat(EVENTS.refused().get(0).reason()).isEqualTo(RefusalReason.EXPIRED);
    }

    @Test
    void anExpiredMillisecondSignatureIsRefusedWith4() {
        DeviceId id = device("late-02");
        String userName = signed(id, SdkAppId.JAVA_SDK, Expiry.millis(System.currentTimeMillis() - 120_000));
        assertThat(connectWith(id, options(userName, password(id, userName)))).isEqualTo(4);
    }

    @Test
    void aDisabledDeviceIsRefusedWith5() {
        DeviceId id = device("off-01");
        assertThat(connectWith(id, options(id))).isEqualTo(5);
        assertThat(EVENTS.refused().get(0).reason()).isEqualTo(RefusalReason.DISABLED);
    }

    @Test
    void keepAliveUpTo900IsAcceptedAndAboveIsRefusedWith2() {
        DeviceId id = device("ka-01");
        MqttConnectOptions ok = options(id);
        ok.setKeepAliveInterval(900);
        assertThat(connectWith(id, ok)).isZero();
        MqttConnectOptions tooLong = options(id);
        tooLong.setKeepAliveInterval(901);
        assertThat(connectWith(id, tooLong)).isEqualTo(2);
        assertThat(EVENTS.refused().get(0).reason()).isEqualTo(RefusalReason.KEEPALIVE_TOO_LONG);
    }

    @Test
    void theConnackBytesAreExactForAcceptAndRefusal() throws Exception {
        DeviceId id = device("raw-01");
        String userName = TestDevices.userName(id);
        try (RawMqttSocket raw = new RawMqttSocket(hub.mqttPort())) {
            raw.write(RawMqttSocket.connect(4, id.clientId(), userName, password(id, userName), 60, true, false));
            assertThat(HexFormat.of().formatHex(raw.readPacket())).isEqualTo("20020000");
        }
        try (RawMqttSocket raw = new RawMqttSocket(hub.mqttPort())) {
            raw.write(RawMqttSocket.connect(4, id.clientId(), userName, "00;hmacsha256", 60, true, false));
            assertThat(HexFormat.of().formatHex(raw.readPacket())).isEqualTo("20020003");
            assertThat(raw.awaitClosedMillis(2_000)).isNotNegative();
        }
    }

    @Test
    void mqtt31MqIsdpIsAcceptedAsThePythonSdkSendsIt() throws Exception {
        DeviceId id = device("py-01");
        String userName = id.clientId() + ";21010406;PyT0n;" + System.currentTimeMillis();
        try (RawMqttSocket raw = new RawMqttSocket(hub.mqttPort())) {
            raw.write(RawMqttSocket.connect(3, id.clientId(), userName, password(id, userName), 60, true, false));
            assertThat(HexFormat.of().formatHex(raw.readPacket())).isEqualTo("20020000");
        }
        assertThat(EVENTS.accepted().get(0).protocolVersion()).isEqualTo(3);
    }

    @Test
    void aPacketRightAfterConnectIsServedNotDropped() throws Exception {
        // MQTT 3.1.1 lets a client send SUBSCRIBE before CONNACK arrives; vertx-mqtt closes such a connection
        // unless the CONNECT is accepted synchronously
        DeviceId id = device("eager-01");
        String userName = TestDevices.userName(id);
        try (RawMqttSocket raw = new RawMqttSocket(hub.mqttPort())) {
            byte[] connect = RawMqttSocket.connect(4, id.clientId(), userName, password(id, userName), 60, true, false);
            byte[] subscribe = RawMqttSocket.subscribe(7, PRODUCT + "/eager-01/control", 1);
            byte[] both = new byte[connect.length + subscribe.length];
            System.arraycopy(connect, 0, both, 0, connect.length);
            System.arraycopy(subscribe, 0, both, connect.length, subscribe.length);
            raw.write(both);
            assertThat(HexFormat.of().formatHex(raw.readPacket())).isEqualTo("20020000");
            assertThat(HexFormat.of().formatHex(raw.readPacket())).isEqualTo("9003000701");
        }
    }

    @Test
    void aWillIsAcceptedIgnoredAndCounted() throws Exception {
        DeviceId id = device("will-01");
        long before = hub.stats().willsIgnored();
        MqttConnectOptions o = options(id);
        o.setWill(PRODUCT + "/will-01/event", "bye".getBytes(), 1, false);
        assertThat(connectWith(id, o)).isZero();
        assertThat(hub.stats().willsIgnored()).isEqualTo(before + 1);
        assertThat(EVENTS.accepted().get(0).willFlag()).isTrue();
    }

    @Test
    void aSecondConnectWithinFiveSecondsIsRefusedWith3() {
        RecordingHubEvents events = new RecordingHubEvents();
        try (Hub strict = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED).events(events)
                        .apiPort(HubOptions.DISABLED))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait()) {
            DeviceId id = device("rate-01");
            MqttAsyncClient first = client(strict, id);
            MqttAsyncClient second = client(strict, id);
            try {
                assertThat(connect(first, options(id))).isZero();
                assertThat(connect(second, options(id))).isEqualTo(3);
                assertThat(first.isConnected()).as("a refused login does not kick the connected one").isTrue();
            } finally {
                closeQuietly(first);
                closeQuietly(second);
            }
            assertThat(events.refused()).singleElement()
                    .satisfies(r -> assertThat(r.reason()).isEqualTo(RefusalReason.CONNECT_RATE));
            assertThat(strict.stats().refusals(RefusalReason.CONNECT_RATE)).isEqualTo(1);
        }
    }
}
