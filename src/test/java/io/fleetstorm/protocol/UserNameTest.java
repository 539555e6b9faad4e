package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserNameTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "1A17RZR3XXdev001;12010126;ABCDE;1700000000",
        "1A17RZR3XXdev001;21010406;a1b2C;92233720368547758",
        "1A17RZR3XXdev001;12010126;ABCDE;2147483647",
        "1A17RZR3XXdev001;12010126;ABCDE;1700000000123",
        "1A17RZR3XXdev001;99999999;x;1",
        "1A17RZR3XXdev001;12010126;ABCDEFGHIJKLMNOPQRSTUVWXYZ012345;1700000000",
    })
    void parsesWhatSdksSendAndEncodesItBackExactly(String wire) throws ProtocolException {
        assertThat(UserName.parse(wire).encode()).isEqualTo(wire);
    }

    @Test
    void exposesEachField() throws ProtocolException {
        UserName u = UserName.parse("1A17RZR3XXdev001;21010406;a1b2C;92233720368547758");
        assertThat(u.clientId()).isEqualTo("1A17RZR3XXdev001");
        assertThat(u.sdkAppId()).isEqualTo(SdkAppId.C_SDK);
        assertThat(u.connId()).isEqualTo("a1b2C");
        assertThat(u.expiry().never()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(value = {
        "P1dev;12010126;ABCDE | userName must have 4 ';'-separated fields (clientId;sdkappid;connid;expiry),"
                + " but has 3: \"P1dev;12010126;ABCDE\"",
        "P1dev;12010126;ABCDE;1;2 | userName must have 4 ';'-separated fields (clientId;sdkappid;connid;expiry),"
                + " but has 5: \"P1dev;12010126;ABCDE;1;2\"",
        ";12010126;ABCDE;1700000000 | userName clientId is empty",
        "P1dev;;ABCDE;1700000000 | userName sdkappid must be digits, but was \"\"",
        "P1dev;1201012a;ABCDE;1700000000 | userName sdkappid must be digits, but was \"1201012a\"",
        "P1dev;12010126;;1700000000 | userName connid must match [A-Za-z0-9]{1,32}, but was \"\"",
        "P1dev;12010126;AB-DE;1700000000 | userName connid must match [A-Za-z0-9]{1,32}, but was \"AB-DE\"",
        "P1dev;12010126;ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456;1 | userName connid must match [A-Za-z0-9]{1,32},"
                + " but was \"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456\"",
        "P1dev;12010126;ABCDE;now | userName expiry must be ASCII digits, but was \"now\"",
        "P1dev;12010126;ABCDE; | userName expiry must be ASCII digits, but was \"\"",
    }, delimiter = '|')
    void rejectsMalformedUserNamesWithAPreciseMessage(String wire, String message) {
        assertThatThrownBy(() -> UserName.parse(wire)).isInstanceOf(ProtocolException.class).hasMessage(message);
    }

    @Test
    void nullIsMissing() {
        assertThatThrownBy(() -> UserName.parse(null)).hasMessage("userName is missing");
    }

    @Test
    void ofUsesTheDeviceClientIdAndTheJavaSdkAppId() {
        UserName u = UserName.of(new DeviceId("1A17RZR3XX", "dev001"), "ABCDE", Expiry.seconds(1700000000L));
        assertThat(u.encode()).isEqualTo("1A17RZR3XXdev001;12010126;ABCDE;1700000000");
    }

    @Test
    void sdkAppIdsOfBothSdksAreKnown() {
        assertThat(SdkAppId.isKnown("12010126")).isTrue();
        assertThat(SdkAppId.isKnown("21010406")).isTrue();
        assertThat(SdkAppId.isKnown("99999999")).isFalse();
        assertThat(SdkAppId.isKnown(null)).isFalse();
    }

    @Test
    void connIdsAreFiveAlphanumericsAndReproducible() {
        String a = ConnId.random(new SplittableRandom(42));
        assertThat(a).matches("[A-Za-z0-9]{5}");
        assertThat(ConnId.random(new SplittableRandom(42))).isEqualTo(a);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            assertThat(ConnId.random(rnd)).matches("[A-Za-z0-9]{5}");
        }
    }
}
