package io.fleetstorm.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private static final CertificateAuthority CA = CertificateAuthority.generate("fleetstorm test CA");
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    @TempDir
    Path dir;

    @Test
    void generatesASelfSignedEcP256CaValidForTenYears() throws Exception {
        X509Certificate ca = CA.certificate();
        Instant now = Instant.now();

        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=fleetstorm test CA");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(ca.getKeyUsage()[KEY_CERT_SIGN]).isTrue();
        assertThat(ca.getKeyUsage()[CRL_SIGN]).isTrue();
        assertThat(ca.getExtensionValue("2.5.29.14")).as("subjectKeyIdentifier").isNotNull();
        assertThat(ca.getExtensionValue("2.5.29.35")).as("authorityKeyIdentifier").isNotNull();
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(ca.getNotBefore().toInstant()).isBetween(now.minus(Duration.ofMinutes(61)), now);
        assertThat(ca.getNotAfter().toInstant()).isAfter(now.plus(Duration.ofDays(3649)));
        assertThat(ca.getSerialNumber().bitLength()).isBetween(100, 128);
        ca.verify(ca.getPublicKey());
    }

    @Test
    void issuesServerCertificatesWithDnsAndIpSubjectAltNames() throws Exception {
        CertifiedKey server = CA.issueServer(List.of("localhost", "127.0.0.1", "::1", "hub.example"));
        X509Certificate certificate = server.certificate();

        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(SAN_DNS, "localhost"), List.of(SAN_IP, "127.0.0.1"),
                List.of(SAN_IP, "0:0:0:0:0:0:0:1"), List.of(SAN_DNS, "hub.example"));
        assertThat(cn(certificate)).isEqualTo("localhost");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.chain()).containsExactly(certificate, CA.certificate());
        assertValidChain(certificate);
    }

    @Test
    void issuesDeviceCertificatesNamedLikeIotHubDevices() throws Exception {
        Instant now = Instant.now();
        CertifiedKey device = CA.issueDevice("ABCDEF1234", "sensor-0001");
        X509Certificate certificate = device.certificate();

        assertThat(cn(certificate)).isEqualTo("ABCDEF1234sensor-0001");
        assertThat(rdn(certificate, "OU")).isEqualTo("ABCDEF1234");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(certificate.getNotBefore().toInstant()).isBetween(now.minus(Duration.ofMinutes(61)), now);
        assertThat(certificate.getNotAfter().toInstant())
                .isBetween(now.plus(Duration.ofDays(5 * 365 - 1)), now.plus(Duration.ofDays(5 * 365 + 1)));
        assertThat(CertificateMatch.keyMatches(device.privateKey(), certificate)).isTrue();
        assertValidChain(certificate);
    }

    @Test
    void givesEveryIssuedCertificateItsOwnKeyAndSerial() {
        CertifiedKey a = CA.issueDevice("P", "same");
        CertifiedKey b = CA.issueDevice("P", "same");

        assertThat(a.certificate().getSerialNumber()).isNotEqualTo(b.certificate().getSerialNumber());
        assertThat(a.certificate().getPublicKey()).isNotEqualTo(b.certificate().getPublicKey());
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
    }

    @Test
    void rejectsBlankNames() {
        assertThatThrownBy(() -> CA.issueDevice(" ", "d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("productId must not be blank, but was ' '");
        assertThatThrownBy(() -> CA.issueDevice("P", null))
                .hasMessage("deviceName must not be blank, but was null");
        assertThatThrownBy(() -> CA.issueServer(List.of()))
                .hasMessage("hostNamesAndIps must name at least one host, but was empty");
    }

    @Test
    void loadsTheCaItWroteAndKeepsIssuingUnderTheSameName() throws Exception {
        CA.writeTo(dir);

        CertificateAuthority loaded = CertificateAuthority.load(dir.resolve("ca.pem"), dir.resolve("ca.key"));
        CertifiedKey device = loaded.issueDevice("P", "d");

        assertThat(CertificateMatch.sameCertificate(loaded.certificate(), CA.certificate())).isTrue();
        assertValidChain(device.certificate());
        assertThat(device.certificate().getExtensionValue("2.5.29.35"))
                .isEqualTo(CA.issueDevice("P", "e").certificate().getExtensionValue("2.5.29.35"));
    }

    @Test
    void loadsAnRsaCaMadeByOpenssl() throws Exception {
        CertificateAuthority rsa = CertificateAuthority.load(
                PemFilesTest.fixture("rsa-ca.pem"), PemFilesTest.fixture("rsa-pkcs1.key"));

        X509Certificate device = rsa.issueDevice("P", "d").certificate();

        assertThat(device.getSigAlgName()).isEqualTo("SHA256withRSA");
        device.verify(rsa.certificate().getPublicKey());
    }

    @Test
    void refusesToLoadACertificateThatIsNotACa() throws Exception {
        Path cert = dir.resolve("device.pem");
        Path key = dir.resolve("device.key");
        CertificateAuthority.writeCertifiedKey(CA.issueDevice("P", "d"), cert, key);

        assertThatThrownBy(() -> CertificateAuthority.load(cert, key))
                .isInstanceOf(PemException.class)
                .hasMessage(cert + ": certificate is not a CA (basicConstraints CA:false)");
    }

    @Test
    void refusesToLoadAKeyThatDoesNotMatchTheCertificate() throws Exception {
        CA.writeTo(dir);
        Path otherKey = dir.resolve("other.key");
        PemFiles.write(otherKey, PemFiles.toPem(CA.issueDevice("P", "d").privateKey()));

        assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("ca.pem"), otherKey))
                .isInstanceOf(PemException.class)
                .hasMessage(otherKey + ": private key does not match the certificate in " + dir.resolve("ca.pem"));
    }

    @Test
    void writesTheCaAsCaPemAndCaKey() throws Exception {
        CA.writeTo(dir.resolve("new/dir"));

        assertThat(Files.readString(dir.resolve("new/dir/ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(dir.resolve("new/dir/ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    private static void assertValidChain(X509Certificate leaf) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(CA.certificate(), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), parameters);
    }

    static String cn(X509Certificate certificate) throws Exception {
        return rdn(certificate, "CN");
    }

    private static String rdn(X509Certificate certificate, String type) throws Exception {
        return new LdapName(certificate.getSubjectX500Principal().getName()).getRdns().stream()
                .filter(rdn -> rdn.getType().equalsIgnoreCase(type))
                .map(Rdn::getValue)
                .map(String::valueOf)
                .findFirst()
                .orElseThrow();
    }
}
