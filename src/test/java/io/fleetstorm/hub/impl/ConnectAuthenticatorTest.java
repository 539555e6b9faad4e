package io.fleetstorm.hub.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.hub.ConnectRecord;
import io.fleetstorm.hub.Device;
import io.fleetstorm.hub.HubLimits;
import io.fleetstorm.hub.Product;
import io.fleetstorm.hub.RefusalReason;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CONNECT decision table of protocol doc section 10, without sockets. */
class ConnectAuthenticatorTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final String PSK = "c2VjcmV0LWtleS0xMjM0NTY3ODkw";
    private final InMemoryDeviceRegistry registry = new InMemoryDeviceRegistry();
    private final ConnectAuthenticator authenticator = new ConnectAuthenticator(registry, HubLimits.CLOUD);

    ConnectAuthenticatorTest() {
        registry.addProduct(Product.of("1A17RZR3XX"));
        registry.addProduct(Product.of("1A17RZR3")); // a shorter id that prefixes the other: the longest wins
        registry.addDevice(Device.withPsk(new DeviceId("1A17RZR3XX", "dev001"), PSK));
        registry.addDevice(Device.withPsk(new DeviceId("1A17RZR3XX", "off"), PSK).withEnabled(false));
    }

    private static ConnectRecord connect(String clientId, String userName, int keepAlive, int level) {
        return new ConnectRecord(clientId, userName, "hmacsha256", keepAlive, true, level, false, false, false, "x");
    }

    private RefusalReason decide(String clientId, String userName, String password, int keepAlive, int level) {
        return authenticator.check(connect(clientId, userName, keepAlive, level), password, null, NOW).refusal();
    }

    private static String sign(String userName) {
        return Signer.password(SignMethod.HMACSHA256, Signer.decodePsk(PSK), userName);
    }

    @Test
    void theSignatureVectorOfTheAccessDocumentIsAcceptedBeforeItExpires() {
        String userName = "1A17RZR3XXdev001;12010126;ABCDE;1700000000";
        assertThat(decide("1A17RZR3XXdev001", userName,
                "1fde9ccfafee6ac2ca5c01456bd6f1b2da8fc13828ce05af9cdee9bc3f67c1e5;hmacsha256", 60, 4)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown product          | ZZZZZZZZZZdev001 | ZZZZZZZZZZdev001;12010126;ABCDE;1700000600 | 60  | 4 | UNKNOWN_DEVICE",
        "unknown device           | 1A17RZR3XXnobody | 1A17RZR3XXnobody;12010126;ABCDE;1700000600 | 60  | 4 | UNKNOWN_DEVICE",
        "UserName of another      | 1A17RZR3XXdev001 | 1A17RZR3XXoff;12010126;ABCDE;1700000600    | 60  | 4 | CLIENT_ID_MISMATCH",
        "three fields             | 1A17RZR3XXdev001 | 1A17RZR3XXdev001;12010126;ABCDE            | 60  | 4 | MALFORMED_USERNAME",
        "expired                  | 1A17RZR3XXdev001 | 1A17RZR3XXdev001;12010126;ABCDE;1699999969 | 60  | 4 | EXPIRED",
        "expired in milliseconds  | 1A17RZR3XXdev001 | 1A17RZR3XXdev001;12010126;ABCDE;1699999969999 | 60 | 4 | EXPIRED",
        "disabled                 | 1A17RZR3XXoff    | 1A17RZR3XXoff;12010126;ABCDE;1700000600    | 60  | 4 | DISABLED",
        "keepalive 901            | 1A17RZR3XXdev001 | 1A17RZR3XXdev001;12010126;ABCDE;1700000600 | 901 | 4 | KEEPALIVE_TOO_LONG",
        "MQTT 5                   | 1A17RZR3XXdev001 | 1A17RZR3XXdev001;12010126;ABCDE;1700000600 | 60  | 5 | UNSUPPORTED_PROTOCOL",
        "never expires (17 digits)| 1A17RZR3XXdev001 | 1A17RZR3XXdev001;21010406;ABCDE;92233720368547758 | 60 | 4 | ",
        "Python SDK: now in ms    | 1A17RZR3XXdev001 | 1A17RZR3XXdev001;21010406;ABCDE;1699999999999 | 60 | 3 | ",
        "keepalive 900            | 1A17RZR3XXdev001 | 1A17RZR3XXdev001;12010126;ABCDE;1700000600 | 900 | 3 | "})
    void connectRules(String rule, String clientId, String userName, int keepAlive, int level, RefusalReason expected) {
        assertThat(decide(clientId, userName, sign(userName), keepAlive, level)).as(rule).isEqualTo(expected);
    }

    @Test
    void aWrongOrMissingPasswordIsABadSignature() {
        String userName = "1A17RZR3XXdev001;12010126;ABCDE;1700000600";
        assertThat(decide("1A17RZR3XXdev001", userName, null, 60, 4)).isEqualTo(RefusalReason.BAD_SIGNATURE);
        assertThat(decide("1A17RZR3XXdev001", userName, sign(userName).replace('a', 'b'), 60, 4))
                .isEqualTo(RefusalReason.BAD_SIGNATURE);
    }

    @Test
    void aKeyDeviceWithoutUserNameIsMalformed() {
        assertThat(decide("1A17RZR3XXdev001", null, null, 60, 4)).isEqualTo(RefusalReason.MALFORMED_USERNAME);
    }

    @Test
    void theCertificateDeviceRuleNeedsItsRegisteredCertificate() {
        // covered with real certificates over TLS in HubTlsIT; here: no certificate at all
        io.fleetstorm.tls.CertificateAuthority ca = io.fleetstorm.tls.CertificateAuthority.generate("test");
        DeviceId cam = new DeviceId("1A17RZR3XX", "cam");
        registry.addDevice(Device.withCertificate(cam, ca.issueDevice("1A17RZR3XX", "cam").certificate()));
        assertThat(decide("1A17RZR3XXcam", null, null, 60, 4)).isEqualTo(RefusalReason.BAD_CERTIFICATE);
    }
}
