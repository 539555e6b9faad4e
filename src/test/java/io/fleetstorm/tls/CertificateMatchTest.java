package io.fleetstorm.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CertificateMatchTest {

    private static final Instant ISSUED_AT = Instant.parse("2020-01-01T01:00:00Z");
    private static final CertificateAuthority CA =
            CertificateAuthority.generate("match-test-ca", Clock.fixed(ISSUED_AT, ZoneOffset.UTC));
    private static final CertifiedKey DEVICE = CA.issueDevice("P", "d");

    @Test
    void aCertificateIsTheSameAsItsReReadCopyButNotAsAnotherForTheSameDevice() throws Exception {
        X509Certificate reread = PemFiles.readCertificates(PemFiles.toPem(DEVICE.certificate()), "<inline>").get(0);

        assertThat(CertificateMatch.sameCertificate(DEVICE.certificate(), reread)).isTrue();
        assertThat(CertificateMatch.sameCertificate(DEVICE.certificate(), CA.issueDevice("P", "d").certificate()))
                .isFalse();
    }

    @Test
    void aCertificateIsValidFromAnHourBeforeIssueForFiveYears() {
        X509Certificate certificate = DEVICE.certificate();

        assertThat(CertificateMatch.checkValidity(certificate, ISSUED_AT)).isEmpty();
        assertThat(CertificateMatch.checkValidity(certificate, ISSUED_AT.minus(Duration.ofHours(1)))).isEmpty();
        assertThat(CertificateMatch.checkValidity(certificate, ISSUED_AT.plus(Duration.ofDays(5 * 365)))).isEmpty();
    }

    @Test
    void namesTheExpiryInstantOfAnExpiredCertificate() {
        Instant after = ISSUED_AT.plus(Duration.ofDays(5 * 365)).plusSeconds(1);

        assertThat(CertificateMatch.checkValidity(DEVICE.certificate(), after))
                .contains("certificate expired on 2024-12-30T01:00:00Z");
    }

    @Test
    void namesTheStartInstantOfANotYetValidCertificate() {
        Instant before = Instant.parse("2019-12-31T23:59:59Z");

        assertThat(CertificateMatch.checkValidity(DEVICE.certificate(), before))
                .contains("certificate not valid before 2020-01-01T00:00:00Z");
    }

    @Test
    void aKeyMatchesOnlyItsOwnCertificate() throws Exception {
        CertifiedKey other = CA.issueDevice("P", "other");
        java.security.PrivateKey rsaKey = PemFiles.readPrivateKey(PemFilesTest.fixture("rsa-pkcs1.key"));

        assertThat(CertificateMatch.keyMatches(DEVICE.privateKey(), DEVICE.certificate())).isTrue();
        assertThat(CertificateMatch.keyMatches(other.privateKey(), DEVICE.certificate())).isFalse();
        assertThat(CertificateMatch.keyMatches(rsaKey, DEVICE.certificate())).isFalse();
    }
}
