package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DerivedPskTest {
    @Test
    void isBase64OfTheFirst16BytesOfHmacSha256OverPidSlashDn() {
        // printf 'PID/dev' | openssl dgst -sha256 -hmac secret -binary | head -c16 | base64
        assertThat(DerivedPsk.derive("secret", "PID", "dev")).isEqualTo("Xy66X2Iyx+v+tVkx+Ukx3A==");
    }

    @Test
    void deviceIdOverloadAgrees() {
        // printf '1A17RZR3XX/sensor-00042' | openssl dgst -sha256 -hmac product-secret-1 -binary | head -c16 | base64
        assertThat(DerivedPsk.derive("product-secret-1", new DeviceId("1A17RZR3XX", "sensor-00042")))
                .isEqualTo("ENWXbzOYPpQJAtwKeNA9+A==");
    }

    @Test
    void decodesToA16ByteKeyUsableForSigning() {
        byte[] key = Signer.decodePsk(DerivedPsk.derive("secret", "PID", "dev"));
        assertThat(key).hasSize(16);
        String user = "PIDdev;12010126;ABCDE;1700000000";
        assertThat(Signer.verify(Signer.password(SignMethod.HMACSHA256, key, user), key, user)).isTrue();
    }
}
