package io.fleetstorm.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.Signer;
import io.fleetstorm.tls.CertificateAuthority;
import io.fleetstorm.tls.CertifiedKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Credentials are loaded and checked by the loader, so a bad file is a validate problem, not a run failure. */
class CredentialsLoadingTest {

    @TempDir
    static Path dir;

    private static final String PSK = "c2VjcmV0LWtleS0xMjM0NTY3ODkw";

    @BeforeAll
    static void certificates() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("credentials test CA");
        Files.createDirectories(dir.resolve("certs"));
        for (int i = 0; i < 3; i++) {
            CertifiedKey key = ca.issueDevice("CERTS", "cam-" + i);
            CertificateAuthority.writeCertifiedKey(key, dir.resolve("certs/cam-" + i + ".pem"),
                    dir.resolve("certs/cam-" + i + ".key"));
        }
        ca.writeTo(dir.resolve("ca"));
    }

    private static Path scenario(String name, String credentials, String auth, int count) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "name: c\ngroups:\n  - name: g\n    productId: CERTS\n    count: " + count
                + "\n    namePattern: cam-{index}\n" + auth + "    credentials: " + credentials
                + "\nphases:\n  - {name: p, duration: 1s, g: {idle: {}}}\n");
        return file;
    }

    private static List<String> problems(Path file) {
        try {
            ScenarioLoader.load(file, Map.of());
        } catch (ScenarioException e) {
            return e.problems();
        }
        throw new AssertionError(file + " was accepted");
    }

    @Test
    void aCsvLackingADeviceOfTheGroupIsAProblemWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("two.csv"), "deviceName,devicePsk\ncam-0," + PSK + "\ncam-1," + PSK + "\n");
        Path file = scenario("csv.yaml", "{csv: two.csv}", "", 4);
        assertThat(problems(file)).containsExactly(file + ":7: groups[0].credentials.csv has no PSK for device "
                + "cam-2 and 1 more device(s) of the group (" + dir.resolve("two.csv") + " lists 2 device(s))");
    }

    @Test
    void aCompleteCsvGivesEveryDeviceItsDecodedPsk() throws Exception {
        Files.writeString(dir.resolve("ok.csv"), "cam-0," + PSK + "\ncam-1," + PSK + "\nspare," + PSK + "\n");
        Scenario s = ScenarioLoader.load(scenario("csvok.yaml", "{csv: ok.csv}", "", 2), Map.of());
        Credentials c = s.groups().get(0).credentials();
        assertThat(c).isInstanceOf(Credentials.PskTable.class);
        assertThat(c.psk("CERTS", "cam-1")).isEqualTo(Signer.decodePsk(PSK));
        assertThat(((Credentials.PskTable) c).psks()).containsOnlyKeys("cam-0", "cam-1", "spare");
        assertThat(c.toString()).doesNotContain(PSK);
    }

    @Test
    void aProductSecretDerivesThePsksTheHubDerives() throws Exception {
        Scenario s = ScenarioLoader.load(scenario("secret.yaml", "{productSecret: fleet-secret}", "", 2), Map.of());
        assertThat(s.groups().get(0).credentials().psk("CERTS", "cam-0"))
                .isEqualTo(Signer.decodePsk(DerivedPsk.derive("fleet-secret", "CERTS", "cam-0")));
    }

    @Test
    void aCertificateDirectoryIsLoadedDeviceByDevice() throws Exception {
        Scenario s = ScenarioLoader.load(scenario("certs.yaml", "{certDir: certs}", "    auth: certificate\n", 3),
                Map.of());
        Scenario.Group g = s.groups().get(0);
        assertThat(g.certificate()).isTrue();
        assertThat(g.signMethod()).isNull();
        assertThat(g.credentials().certifiedKey("cam-2").certificate().getSubjectX500Principal().getName())
                .contains("cam-2");
    }

    @Test
    void missingMismatchedAndMalformedDeviceFilesAreEachNamed() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("bad"));
        for (int i = 0; i < 4; i++) {
            Files.copy(dir.resolve("certs/cam-" + Math.min(i, 2) + ".pem"), certs.resolve("cam-" + i + ".pem"));
            Files.copy(dir.resolve("certs/cam-" + Math.min(i, 2) + ".key"), certs.resolve("cam-" + i + ".key"));
        }
        Files.delete(certs.resolve("cam-0.key"));
        Files.copy(dir.resolve("certs/cam-0.key"), certs.resolve("cam-1.key"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> lines = Files.readAllLines(certs.resolve("cam-2.pem"));
        lines.set(3, "this is not base64 !");
        Files.write(certs.resolve("cam-2.pem"), lines);
        Files.writeString(certs.resolve("cam-3.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n");
        Path file = scenario("bad.yaml", "{certDir: bad}", "    auth: certificate\n", 4);
        String at = file + ":8: groups[0].credentials.certDir has an unusable certificate or key: ";
        assertThat(problems(file)).containsExactly(
                at + certs.resolve("cam-0.key") + ": does not exist",
                at + certs.resolve("cam-1.key") + ":1: the private key does not match the certificate in "
                        + certs.resolve("cam-1.pem"),
                at + certs.resolve("cam-2.pem") + ":4: the CERTIFICATE block has a line that is not base64",
                at + certs.resolve("cam-3.pem") + ":1: BEGIN CERTIFICATE has no END line");
    }

    @Test
    @Timeout(20)
    void tenMillionDevicesAgainstASmallDirectoryOrCsvAnswerFast() throws Exception {
        Path dirFile = scenario("huge-dir.yaml", "{certDir: certs}", "    auth: certificate\n", 10_000_000);
        long start = System.nanoTime();
        assertThat(problems(dirFile)).hasSize(6).last().asString().endsWith("groups[0].credentials.certDir has 95 "
                + "more device(s) whose certificate or key is unusable; 9999897 device(s) after them were not "
                + "checked");
        Files.writeString(dir.resolve("few.csv"), "cam-0," + PSK + "\n");
        Path csvFile = scenario("huge-csv.yaml", "{csv: few.csv}", "", 10_000_000);
        assertThat(problems(csvFile)).singleElement().asString().contains("has no PSK for device cam-1 and 9999998 "
                + "more device(s) of the group");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void theTargetCaIsReadAndChecked() throws Exception {
        Path ok = dir.resolve("tls.yaml");
        Files.writeString(ok, "name: t\ntarget: {host: 127.0.0.1, tls: true, ca: ca/ca.pem}\ngroups:\n"
                + "  - {name: g, productId: P, count: 1, credentials: {productSecret: s}}\n"
                + "phases: [{name: p, duration: 1s}]\n");
        assertThat(ScenarioLoader.load(ok, Map.of()).target().caFile()).isEqualTo(dir.resolve("ca/ca.pem"));
        Path noTls = dir.resolve("notls.yaml");
        Files.writeString(noTls, Files.readString(ok).replace("tls: true, ", ""));
        assertThatThrownBy(() -> ScenarioLoader.load(noTls, Map.of()))
                .hasMessageContaining(noTls + ":2: target.ca needs tls: true");
    }
}
