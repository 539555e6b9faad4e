package io.fleetstorm.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each SDK profile signs its CONNECT as that SDK does: a fresh connid, and its own expiry form. */
class CredentialsTest {

    private static final long NOW_MS = 1_700_000_000_123L;

    private static DeviceProfile profile(DeviceProfile.ExpiryStyle style, String sdkAppId) {
        return new DeviceProfile(0, "1A17RZR3XX", SignMethod.HMACSHA256, sdkAppId, style, 600, 60, true, List.of(),
                false, false, DeviceProfile.ShadowVersion.NONE, 5_000, 10,
                new DeviceProfile.Backoff(1_000, 2_000, 60_000, 60_000));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "NOW_PLUS, 12010126, 1700000600",
        "INT_MAX, 12010126, 2147483647",
        "NOW_MILLIS, 21010406, 1700000000123",
        "C_SDK_NEVER, 21010406, 92233720368547758"})
    void theUserNameCarriesTheProfilesSdkAppIdAndExpiry(DeviceProfile.ExpiryStyle style, String sdkAppId,
            String expiry) {
        String userName = Credentials.userName("1A17RZR3XXdev001", profile(style, sdkAppId), NOW_MS,
                new SplittableRandom(1));
        assertThat(userName).matches("1A17RZR3XXdev001;" + sdkAppId + ";[A-Za-z0-9]{5};" + expiry);
    }

    @ParameterizedTest(name = "connid differs between connects ({0})")
    @CsvSource({"1", "2"})
    void everyConnectGetsAFreshConnId(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DeviceProfile p = profile(DeviceProfile.ExpiryStyle.INT_MAX, SdkAppId.JAVA_SDK);
        assertThat(Credentials.userName("c", p, NOW_MS, random)).isNotEqualTo(Credentials.userName("c", p, NOW_MS,
                random));
    }

    @ParameterizedTest(name = "the password verifies with the PSK ({0})")
    @CsvSource({"HMACSHA256", "HMACSHA1"})
    void thePasswordIsTheHmacOfTheUserName(SignMethod method) {
        byte[] psk = Signer.decodePsk("c2VjcmV0LWtleS0xMjM0NTY3ODkw");
        DeviceProfile p = new DeviceProfile(0, "P", method, SdkAppId.JAVA_SDK, DeviceProfile.ExpiryStyle.INT_MAX, 0,
                60, true, List.of(), false, false, DeviceProfile.ShadowVersion.NONE, 5_000, 10,
                new DeviceProfile.Backoff(1_000, 1_000, 1_000, 0));
        String userName = Credentials.userName("Pd", p, NOW_MS, new SplittableRandom(3));
        String password = Credentials.password(p, psk, userName);
        assertThat(password).endsWith(";" + method.wireName());
        assertThat(Signer.verify(password, psk, userName)).isTrue();
        assertThat(Credentials.password(p, null, userName)).as("certificate devices send none").isNull();
    }
}
