package io.fleetstorm.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PemFilesTest {

    private static final CertificateAuthority CA = CertificateAuthority.generate("pem-test-ca");
    private static final String KEY_FORMATS =
            "unsupported key format (expected PKCS#8, PKCS#1 RSA or SEC1 EC private key)";

    @TempDir
    Path dir;

    @Test
    void certificatesAndKeysSurviveAWriteAndReadRoundTrip() throws Exception {
        CertifiedKey server = CA.issueServer(List.of("localhost", "127.0.0.1"));
        CertifiedKey device = CA.issueDevice("PRODUCT01", "dev-1");
        CertificateAuthority.writeCertifiedKey(server, dir.resolve("server.pem"), dir.resolve("server.key"));
        CertificateAuthority.writeCertifiedKey(device, dir.resolve("device.pem"), dir.resolve("device.key"));

        List<X509Certificate> serverChain = PemFiles.readCertificates(dir.resolve("server.pem"));
        PrivateKey deviceKey = PemFiles.readPrivateKey(dir.resolve("device.key"));

        assertThat(serverChain).hasSize(2);
        assertThat(CertificateMatch.sameCertificate(serverChain.get(0), server.certificate())).isTrue();
        assertThat(CertificateMatch.sameCertificate(serverChain.get(1), CA.certificate())).isTrue();
        assertThat(serverChain).isEqualTo(server.chain());
        assertThat(deviceKey.getEncoded()).isEqualTo(device.privateKey().getEncoded());
        assertThat(signsAndVerifies(deviceKey, device.certificate())).isTrue();
        assertThat(PemFiles.readCertifiedKey(dir.resolve("server.pem"), dir.resolve("server.key")).fingerprint())
                .isEqualTo(server.fingerprint());
    }

    @Test
    void writesPemAsStandardBlocksOf64CharacterLines() {
        CertifiedKey device = CA.issueDevice("PRODUCT01", "dev-1");

        String certificate = PemFiles.toPem(device.certificate());
        String key = PemFiles.toPem(device.privateKey());

        assertThat(certificate).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(certificate.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
    }

    @Test
    void privateKeyFilesAreReadableByTheirOwnerOnly() throws Exception {
        CertificateAuthority.writeCertifiedKey(CA.issueDevice("P", "d"), dir.resolve("d.pem"), dir.resolve("d.key"));
        CA.writeTo(dir.resolve("ca"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("d.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca/ca.key"))))
                .isEqualTo("rw-------");
        assertThat(Files.getPosixFilePermissions(dir.resolve("d.pem"))).contains(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ);
    }

    @Test
    void overwritingAWorldReadableFileWithAKeyRestrictsItFirst() throws Exception {
        Path key = dir.resolve("reused.key");
        Files.writeString(key, "old");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        PemFiles.write(key, PemFiles.toPem(CA.issueDevice("P", "d").privateKey()));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PemFiles.readPrivateKey(key)).isInstanceOf(ECPrivateKey.class);
    }

    @Test
    void readsPkcs1RsaKeys() throws Exception {
        PrivateKey key = PemFiles.readPrivateKey(fixture("rsa-pkcs1.key"));

        assertThat(key).isInstanceOf(RSAPrivateCrtKey.class);
        assertThat(signsAndVerifies(key, PemFiles.readCertificates(fixture("rsa-ca.pem")).get(0))).isTrue();
    }

    @Test
    void readsSec1EcKeysPrecededByEcParameters() throws Exception {
        PrivateKey key = PemFiles.readPrivateKey(fixture("ec-sec1.key"));

        assertThat(key).isInstanceOf(ECPrivateKey.class);
        assertThat(((ECPrivateKey) key).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    }

    @Test
    void readsPkcs8EcKeys() throws Exception {
        assertThat(PemFiles.readPrivateKey(fixture("ec-pkcs8.key"))).isInstanceOf(ECPrivateKey.class);
    }

    @Test
    void readsInlinePemText() throws Exception {
        CertifiedKey device = CA.issueDevice("P", "d");

        assertThat(PemFiles.readCertificates(PemFiles.toPem(device.chain()), PemException.INLINE))
                .isEqualTo(device.chain());
        assertThat(PemFiles.readPrivateKey(PemFiles.toPem(device.privateKey()), PemException.INLINE))
                .isEqualTo(device.privateKey());
    }

    static Stream<Arguments> unreadableKeys() {
        String certificate = PemFiles.toPem(CA.certificate());
        return Stream.of(
                Arguments.of("empty file", "", "file is empty"),
                Arguments.of("blank file", " \n\n", "file is empty"),
                Arguments.of("garbage", "this is not PEM at all\n", KEY_FORMATS),
                Arguments.of("certificate given as key", certificate, KEY_FORMATS + "; found CERTIFICATE"),
                Arguments.of("unknown block type", "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n",
                        "unsupported PEM block FOO"),
                Arguments.of("broken base64", "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n",
                        "malformed PEM block PRIVATE KEY"),
                Arguments.of("two keys", PemFiles.toPem(CA.issueDevice("P", "a").privateKey())
                        + PemFiles.toPem(CA.issueDevice("P", "b").privateKey()),
                        "found 2 private keys, expected exactly one"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableKeys")
    void namesTheFileAndTheProblemWhenAKeyCannotBeRead(String label, String content, String problem)
            throws Exception {
        Path file = dir.resolve("device.key");
        Files.writeString(file, content, StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
                .isInstanceOf(PemException.class)
                .hasMessage(file + ": " + problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableKeys")
    void namesInlineTextAsInline(String label, String content, String problem) {
        assertThatThrownBy(() -> PemFiles.readPrivateKey(content, PemException.INLINE))
                .isInstanceOf(PemException.class)
                .hasMessage("<inline>: " + problem);
    }

    @Test
    void refusesEncryptedPkcs8Keys() throws Exception {
        Path file = fixture("ec-encrypted-pkcs8.key");

        assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
                .hasMessage(file + ": encrypted private keys are not supported");
    }

    @Test
    void refusesLegacyEncryptedPkcs1Keys() throws Exception {
        Path file = fixture("rsa-encrypted-pkcs1.key");

        assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
                .hasMessage(file + ": encrypted private keys are not supported");
    }

    @Test
    void reportsAMissingFileByItsExceptionType() {
        Path file = dir.resolve("x.pem");

        assertThatThrownBy(() -> PemFiles.readCertificates(file))
                .isInstanceOf(PemException.class)
                .hasMessage(file + ": cannot read file (NoSuchFileException)");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
                .hasMessage(file + ": cannot read file (NoSuchFileException)");
    }

    @Test
    void reportsAFileWithoutCertificates() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path garbage = Files.write(dir.resolve("garbage.pem"), new byte[] {0, (byte) 0xff, 42, 13, 10, (byte) 0x80});
        Path key = fixture("ec-pkcs8.key");

        assertThatThrownBy(() -> PemFiles.readCertificates(empty)).hasMessage(empty + ": file is empty");
        assertThatThrownBy(() -> PemFiles.readCertificates(garbage))
                .hasMessage(garbage + ": no CERTIFICATE block found");
        assertThatThrownBy(() -> PemFiles.readCertificates(key))
                .hasMessage(key + ": no CERTIFICATE block found; found PRIVATE KEY");
    }

    @Test
    void neverQuotesKeyMaterialInMessages() throws Exception {
        String keyPem = PemFiles.toPem(CA.issueDevice("P", "d").privateKey());
        String body = keyPem.lines().skip(1).findFirst().orElseThrow();
        String broken = keyPem.replace(body, body.substring(0, 40) + "%%%%" + body.substring(44));

        assertThatThrownBy(() -> PemFiles.readPrivateKey(broken, "device.key"))
                .isInstanceOf(PemException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith("device.key: ")
                        .doesNotContain(body.substring(0, 20)));
    }

    @Test
    void reportsAnUnwritableTarget() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("taken"));

        assertThatThrownBy(() -> PemFiles.write(directory, "x"))
                .isInstanceOf(PemException.class)
                .hasMessageStartingWith(directory + ": cannot write file (");
    }

    static boolean signsAndVerifies(PrivateKey key, X509Certificate certificate) throws Exception {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update("probe".getBytes(StandardCharsets.US_ASCII));
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update("probe".getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(signature);
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(PemFilesTest.class.getResource("/tls/" + name).toURI());
    }
}
