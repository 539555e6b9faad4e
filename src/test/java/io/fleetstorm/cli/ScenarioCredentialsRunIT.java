package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.tls.CertificateAuthority;
import io.fleetstorm.tls.CertifiedKey;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credentials the loader checks are the ones the run uses, end to end against the embedded hub: a PSK CSV group
 * and a certificate group (mutual TLS), with a Poisson ramp, every device connected and every QoS 1 publish answered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScenarioCredentialsRunIT {

    @Test
    void csvAndCertificateGroupsConnectAndPublish(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("deviceName,devicePsk\n# from the console\n");
        for (int i = 0; i < 10; i++) {
            csv.append("meter-").append(i).append(",c2VjcmV0LWtleS0").append(i).append("MTIzNDU2Nzg5MA==\n");
        }
        Files.writeString(dir.resolve("psk.csv"), csv.toString());
        CertificateAuthority ca = CertificateAuthority.generate("credentials run CA");
        Files.createDirectories(dir.resolve("certs"));
        for (int i = 0; i < 5; i++) {
            CertifiedKey key = ca.issueDevice("CREDRUNIT2", "cam-" + i);
            CertificateAuthority.writeCertifiedKey(key, dir.resolve("certs/cam-" + i + ".pem"),
                    dir.resolve("certs/cam-" + i + ".key"));
        }
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: credentials-run
                groups:
                  - {name: meters, productId: CREDRUNIT1, count: 10, namePattern: "meter-{index}",
                     credentials: {csv: psk.csv}, timeouts: {puback: 10s}}
                  - {name: cams, productId: CREDRUNIT2, count: 5, namePattern: "cam-{index}", auth: certificate,
                     credentials: {certDir: certs}, sdk: java-sdk}
                phases:
                  - {name: connect, duration: 5s, meters: {connect: 20/s}, cams: {connect: 25/s}}
                  - name: steady
                    duration: 2s
                    meters: {telemetry: {rate: 10/s -> 40/s poisson, qos: 1}}
                    cams: {telemetry: {rate: 5/s, qos: 1, topic: data}}
                thresholds:
                  - "connect.count >= 15"
                acceptSaturation: true
                """);
        Path out = dir.resolve("results");
        CliRunner r = CliRunner.run("run", file.toString(), "--output", out.toString(), "--metrics-port", "-1");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonObject summary = new JsonObject(Files.readString(out.resolve("summary.json")));
        long connects = summary.getJsonObject("run").getJsonArray("operations").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("operation").equals("connect")).mapToLong(o -> o.getLong("count")).sum();
        assertThat(connects).isEqualTo(15);
        assertThat(acks(summary, "cams")).as("2 s x 5/s").isBetween(8L, 10L);
        // a Poisson ramp from 10/s to 40/s over 2 s: 50 expected, a standard deviation of about 7
        assertThat(acks(summary, "meters")).isBetween(25L, 80L);
    }

    private static long acks(JsonObject summary, String group) {
        return summary.getJsonObject("run").getJsonArray("operations").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("operation").equals("publish-ack") && o.getString("group").equals(group))
                .mapToLong(o -> o.getLong("count")).sum();
    }
}
