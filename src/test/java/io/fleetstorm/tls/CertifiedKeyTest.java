package io.fleetstorm.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertifiedKeyTest {

    private static final CertificateAuthority CA = CertificateAuthority.generate("certified-key-test-ca");

    @Test
    void fingerprintIsLowerCaseHexSha256OfTheDerCertificate() throws Exception {
        CertifiedKey device = CA.issueDevice("P", "d");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(device.certificate().getEncoded());

        assertThat(device.fingerprint()).isEqualTo(HexFormat.of().formatHex(digest)).matches("[0-9a-f]{64}");
    }

    @Test
    void chainStartsWithTheCertificate() {
        CertifiedKey device = CA.issueDevice("P", "d");

        assertThat(new CertifiedKey(device.certificate(), device.privateKey()).chain())
                .containsExactly(device.certificate());
        assertThatThrownBy(() -> new CertifiedKey(device.certificate(), device.privateKey(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chain must start with the certificate itself");
        assertThatThrownBy(() -> new CertifiedKey(device.certificate(), device.privateKey(),
                List.of(CA.certificate(), device.certificate())))
                .hasMessage("chain must start with the certificate itself");
    }

    @Test
    void toStringShowsTheSubjectAndFingerprintButNeverTheKey() {
        CertifiedKey device = CA.issueDevice("PROD", "dev");

        assertThat(device.toString())
                .contains("CN=PRODdev", device.fingerprint())
                .doesNotContain(PemFiles.toPem(device.privateKey()).lines().skip(1).findFirst().orElseThrow());
    }
}
