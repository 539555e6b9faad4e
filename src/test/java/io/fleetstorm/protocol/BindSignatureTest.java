package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bind signature vector of addendum section 11. */
class BindSignatureTest {
    private static final DeviceId SUB = new DeviceId("Q7X9Z2KLMN", "sensor-00042");
    private static final String PSK = "bXlkZXZpY2Vwc2s=";

    @Test
    void textJoinsNamesRandomAndTimestampWithSemicolons() {
        assertThat(BindSignature.text(SUB, 1804289383L, 1717171717L))
                .isEqualTo("Q7X9Z2KLMNsensor-00042;1804289383;1717171717");
    }

    @Test
    void hmacSha1OfTheVector() {
        BindSignature.Signed s = BindSignature.sign(SignMethod.HMACSHA1, BindSignature.pskKey(PSK), SUB, 1804289383L,
                1717171717L);
        assertThat(s.signature()).isEqualTo("MmeQ/5NwsYzksHyogTG0qP4o6jM=");
    }

    @Test
    void hmacSha256OfTheVector() {
        BindSignature.Signed s = BindSignature.sign(SignMethod.HMACSHA256, BindSignature.pskKey(PSK), SUB,
                1804289383L, 1717171717L);
        assertThat(s.signature()).isEqualTo("b51ljFg26QrBgQpPDVlFeGGE5wAADnL5DslX8IABO+c=");
    }

    @Test
    void theKeyIsTheBase64TextNotTheDecodedPsk() {
        assertThat(BindSignature.pskKey(PSK)).isEqualTo(PSK.getBytes(StandardCharsets.US_ASCII));
        BindSignature.Signed decoded = BindSignature.sign(SignMethod.HMACSHA1, Signer.decodePsk(PSK), SUB,
                1804289383L, 1717171717L);
        assertThat(decoded.signature()).isNotEqualTo("MmeQ/5NwsYzksHyogTG0qP4o6jM=");
    }

    @Test
    void verifyAcceptsTheVectorAndRefusesAnyChange() {
        byte[] key = BindSignature.pskKey(PSK);
        String sig = "MmeQ/5NwsYzksHyogTG0qP4o6jM=";
        assertThat(BindSignature.verify(sig, SignMethod.HMACSHA1, key, SUB, 1804289383L, 1717171717L)).isTrue();
        assertThat(BindSignature.verify(sig, SignMethod.HMACSHA1, key, SUB, 1804289384L, 1717171717L)).isFalse();
        assertThat(BindSignature.verify(sig, SignMethod.HMACSHA256, key, SUB, 1804289383L, 1717171717L)).isFalse();
        assertThat(BindSignature.verify(sig, SignMethod.HMACSHA1, BindSignature.pskKey("b3RoZXI="), SUB,
                1804289383L, 1717171717L)).isFalse();
        assertThat(BindSignature.verify(null, SignMethod.HMACSHA1, key, SUB, 1804289383L, 1717171717L)).isFalse();
    }

    @Test
    void certificateKeyIsTheLowerHexMd5OfTheFile() {
        // MD5("abc") = 900150983cd24fb0d6963f7d28e17f72 (RFC 1321 test suite)
        assertThat(new String(BindSignature.certificateKey("abc".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII)).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }

    @Test
    void signMethodIsReadWithoutRegardToCase() {
        assertThat(BindSignature.method("HmacSha1")).contains(SignMethod.HMACSHA1);
        assertThat(BindSignature.method("hmacsha256")).contains(SignMethod.HMACSHA256);
        assertThat(BindSignature.method("rsa-sha256")).isEmpty();
        assertThat(BindSignature.method(null)).isEmpty();
    }
}
