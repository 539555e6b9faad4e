package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.Signer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What a user sees from the command line: help, version, one-line errors and exit codes. */
class MainTest {

    @Test
    void versionNamesTheToolAndTheJavaRuntime() {
        CliRunner r = CliRunner.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("fleetstorm ").contains("Java 17");
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        CliRunner r = CliRunner.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("run", "hub", "Exit codes:", "3   thresholds breached");
    }

    @Test
    void anUnknownOptionIsOneLineWithAHintAndExitCode2() {
        CliRunner r = CliRunner.run("hub", "--bogus");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fleetstorm: Unknown option: '--bogus'\n"
                + "Try 'fleetstorm hub --help' for the options.\n");
    }

    @Test
    void anUnknownCommandIsNamedAndExitsTwoEvenWithHelp() {
        String expected = "fleetstorm: unknown command 'soak'; the commands are run, validate, plan, hub, "
                + "report, agent, capacity, compare, schema, provision, deprovision, preflight, help\n"
                + "Try 'fleetstorm --help' for the commands.\n";
        CliRunner withHelp = CliRunner.run("soak", "--help");
        assertThat(withHelp.exitCode()).isEqualTo(2);
        assertThat(withHelp.err()).isEqualTo(expected);
        assertThat(withHelp.out()).isEmpty();
        CliRunner alone = CliRunner.run("soak");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).isEqualTo(expected);
    }

    @Test
    void anUnknownArgumentOfACommandIsAnErrorEvenWithHelp() {
        CliRunner r = CliRunner.run("validate", "--help", "--bogus");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("fleetstorm: Unknown option: '--bogus'");
    }

    @Test
    void fileErrorsAreInvalidInputNamingTheFile() {
        assertThat(Main.exitCodeOf(new java.nio.file.NoSuchFileException("/x/psk.csv"))).isEqualTo(2);
        assertThat(Main.message(new java.nio.file.NoSuchFileException("/x/psk.csv"))).isEqualTo(
                "/x/psk.csv: no such file");
        assertThat(Main.message(new java.io.UncheckedIOException(new java.nio.file.AccessDeniedException("/x/ca.pem"))))
                .isEqualTo("/x/ca.pem: permission denied");
        assertThat(Main.exitCodeOf(new io.fleetstorm.tls.PemException("ca.pem", "no CERTIFICATE block found")))
                .isEqualTo(2);
        assertThat(Main.exitCodeOf(new java.io.IOException("ca.pem: unreadable"))).isEqualTo(2);
        assertThat(Main.exitCodeOf(new IllegalStateException("bug"))).isEqualTo(1);
    }

    @Test
    void hubPskPrintsTheDerivedPskThatOpensslComputesToo() {
        // printf '1A17RZR3XX/dev001' | openssl dgst -sha256 -hmac fleet-secret -binary | head -c16 | base64
        CliRunner r = CliRunner.run("hub", "psk", "1A17RZR3XX/dev001", "--product-secret", "fleet-secret");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("BGSoO2rX6+u5Baxc1rGP6A==\n");
    }

    @Test
    void hubPskRejectsAMalformedDevice() {
        CliRunner r = CliRunner.run("hub", "psk", "no-slash", "--product-secret", "s");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fleetstorm: expected PRODUCTID/DEVICENAME (product id [A-Za-z0-9]{1,32}, "
                + "device name [A-Za-z0-9:_-]{1,48}), but was 'no-slash'\n");
    }

    @Test
    void hubCredentialsPrintsASignatureTheHubVerifies() {
        CliRunner r = CliRunner.run("hub", "credentials", "1A17RZR3XX/dev001", "--product-secret", "fleet-secret");
        assertThat(r.exitCode()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("CLIENT_ID='1A17RZR3XXdev001'");
        assertThat(lines[1]).matches("USERNAME='1A17RZR3XXdev001;12010126;[A-Za-z0-9]{5};\\d{10}'");
        String userName = value(lines[1]);
        String password = value(lines[2]);
        assertThat(password).endsWith(";hmacsha256");
        assertThat(Signer.verify(password, Signer.decodePsk("BGSoO2rX6+u5Baxc1rGP6A=="), userName)).isTrue();
    }

    @Test
    void aDeviceFlagWithoutPskIsRejectedWithoutEchoingSecrets() {
        CliRunner r = CliRunner.run("hub", "--mqtt-port", "0", "--device", "1A17RZR3XX/dev001=not base64!");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fleetstorm: --device 1A17RZR3XX/dev001: the PSK is not valid base64\n");
    }

    @Test
    void anUnreadableServerCertificateIsOneLineAndExitCode2() {
        CliRunner r = CliRunner.run("hub", "--mqtt-port", "0", "--tls-port", "0", "--server-cert",
                "/nonexistent/server.pem", "--server-key", "/nonexistent/server.key");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("fleetstorm: /nonexistent/server.pem").doesNotContain("\tat ");
        assertThat(Arrays.stream(r.err().split("\n")).count()).isEqualTo(1);
    }

    @Test
    void aPortOutOfRangeIsRejected() {
        CliRunner r = CliRunner.run("hub", "--mqtt-port", "70000");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(
                "fleetstorm: mqttPort must be 0..65535 (0 = ephemeral) or -1 (off), but was 70000\n");
    }

    private static String value(String line) {
        return line.substring(line.indexOf('\'') + 1, line.length() - 1);
    }
}
