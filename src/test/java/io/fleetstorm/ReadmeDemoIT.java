package io.fleetstorm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the mosquitto_pub demo of docs/embedded-hub.md (linked from the README) as written (only the port is changed
 * to a free one): the launcher starts the hub, openssl computes the credentials by the documented algorithm, and
 * mosquitto_pub's QoS 1 publish is acknowledged.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadmeDemoIT {

    @Test
    void theMosquittoPubDemoOfTheReadmeConnectsAndPublishes() throws Exception {
        // the demo lives in docs/embedded-hub.md (README links it); it runs as written there
        String readme = Files.readString(Path.of("docs", "embedded-hub.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("<!-- readme-demo:start");
        int end = readme.indexOf("<!-- readme-demo:end -->");
        assertThat(start).as("demo markers in docs/embedded-hub.md").isPositive();
        String block = readme.substring(start, end);
        String script = block.substring(block.indexOf("```bash") + 7, block.lastIndexOf("```"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        assertThat(script).contains("--product-secret fleet-secret &", "-p 1883 ");
        script = script.replace("--product-secret fleet-secret &",
                        "--product-secret fleet-secret --host 127.0.0.1 --mqtt-port " + port + " --tls-port -1 &")
                .replace("-p 1883 ", "-p " + port + " ");
        Process bash = new ProcessBuilder("bash", "-c",
                "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + script)
                .redirectErrorStream(true).start();
        assertThat(bash.waitFor(100, TimeUnit.SECONDS)).isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as(output).isZero();
        assertThat(output).contains("fleetstorm hub started: mqtt://127.0.0.1:" + port);
    }
}
