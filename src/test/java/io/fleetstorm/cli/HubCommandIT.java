package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleetstorm hub} as a user runs it: the packaged jar in its own process, stopped by SIGTERM. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubCommandIT {

    private static final Path JAR = Path.of("target", "fleetstorm.jar");

    private static Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    @Test
    void theHubPrintsItsPortsServesADerivedDeviceAndStopsCleanlyOnSigterm(@TempDir Path certDir) throws Exception {
        Path keyFile = certDir.resolve("keys").resolve("hub.credential");
        Process hub = start("hub", "--host", "127.0.0.1", "--mqtt-port", "0", "--tls-port", "0", "--api-port", "0",
                "--product", "1A17RZR3XX", "--product-secret", "fleet-secret", "--cert-dir", certDir.toString(),
                "--api-key-file", keyFile.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(hub.getInputStream(),
                    StandardCharsets.UTF_8));
            String keyLine = out.readLine();
            io.fleetstorm.cloudapi.ApiCredentials generated = io.fleetstorm.cloudapi.ApiCredentials.load(keyFile);
            assertThat(keyLine).isEqualTo("API key: SecretId " + generated.secretId() + " (generated; the pair is in "
                    + keyFile + ", readable by you only)");
            assertThat(generated.secretId()).matches("AKIDfleetstorm[A-Za-z0-9]{22}");
            assertThat(java.nio.file.Files.getPosixFilePermissions(keyFile)).isEqualTo(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            String started = out.readLine();
            Matcher m = Pattern.compile("fleetstorm hub started: mqtt://127\\.0\\.0\\.1:(\\d+) "
                    + "mqtts://127\\.0\\.0\\.1:(\\d+) http://127\\.0\\.0\\.1:(\\d+) \\(1 product\\(s\\), "
                    + "0 registered device\\(s\\), CA and server certificate in .*\\)").matcher(started);
            assertThat(m.matches()).as(started).isTrue();
            assertThat(out.readLine()).isEqualTo("Press Ctrl-C to stop.");
            assertThat(certDir.resolve("ca.pem")).exists();

            String clientId = "1A17RZR3XXsensor-00001";
            String userName = clientId + ";12010126;AbCdE;" + (System.currentTimeMillis() / 1000 + 600);
            String psk = DerivedPsk.derive("fleet-secret", "1A17RZR3XX", "sensor-00001");
            MqttClient device = new MqttClient("tcp://127.0.0.1:" + m.group(1), clientId, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName(userName);
            o.setPassword(Signer.password(SignMethod.HMACSHA256, Signer.decodePsk(psk), userName).toCharArray());
            device.connect(o);
            device.publish("1A17RZR3XX/sensor-00001/event", "{\"t\":1}".getBytes(), 1, false);
            device.disconnect();
            device.close();

            new ProcessBuilder("kill", "-TERM", Long.toString(hub.pid())).start().waitFor();
            assertThat(hub.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(hub.exitValue()).isZero();
            // the device's DISCONNECT may still be in flight when the signal arrives: 0 or 1 connection is closed
            assertThat(out.readLine()).matches("fleetstorm hub stopping \\(SIGTERM\\): [01] connection\\(s\\) closed\\.");
        } finally {
            hub.destroyForcibly();
        }
    }

    @Test
    void aMalformedApiKeyIsExit2WithoutEchoingTheKey() throws Exception {
        Process hub = start("hub", "--mqtt-port", "-1", "--tls-port", "-1", "--api-port", "0", "--api-key",
                "AKIDx:has space");
        assertThat(hub.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = new String(hub.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(hub.exitValue()).isEqualTo(2);
        assertThat(err).isEqualTo("fleetstorm: --api-key: the SecretKey of AKIDx must be 1..128 printable ASCII "
                + "characters without spaces\n").doesNotContain("has space");
        Process noColon = start("hub", "--mqtt-port", "-1", "--tls-port", "-1", "--api-port", "0", "--api-key",
                "secretWithoutId");
        assertThat(noColon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(noColon.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(
                "fleetstorm: --api-key must be SECRET_ID:SECRET_KEY, but was '***'\n");
        assertThat(noColon.exitValue()).isEqualTo(2);
    }

    @Test
    void aPortInUseIsOneLineAndExitCode2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Process hub = start("hub", "--host", "127.0.0.1", "--mqtt-port", Integer.toString(port), "--tls-port",
                    "-1", "--api-port", "-1", "--api-key", "AKIDportTest:key");
            assertThat(hub.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String err = new String(hub.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(hub.exitValue()).isEqualTo(2);
            assertThat(err).startsWith("fleetstorm: MQTT/TCP port " + port + " on 127.0.0.1 is not available (")
                    .endsWith(")\n");
            assertThat(err.lines().count()).isEqualTo(1);
        }
    }
}
