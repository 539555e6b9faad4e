package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.cloudapi.ApiCredentials;
import io.fleetstorm.hub.ApiKey;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubLimits;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.fleetstorm.hub.RefusalReason;
import io.fleetstorm.tls.CertificateAuthority;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario whose target is the cloud's per-product hosts ({@code {productId}.iotcloud.tencentdevices.com}, 8883 in
 * the cloud) run against a hub impersonating them: the run (a separate JVM whose host names resolve through a hosts
 * file, as {@code -Djdk.net.hosts.file}) resolves each group's host, indicates it (SNI) and verifies the hub's
 * certificate against the CA the scenario names; the hub checks that every device reached its own product's host.
 * With another CA, no device gets past the handshake.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CloudTargetIT {

    private static final String SUFFIX = "iotcloud.tencentdevices.com";

    @TempDir
    Path dir;
    private Hub hub;

    @BeforeEach
    void startHub() throws Exception {
        ApiCredentials key = ApiCredentials.generate(new SecureRandom());
        key.write(dir.resolve("api.credential"));
        hub = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(0).apiPort(0)
                        .certDir(dir.resolve("hub-certs")).productHostSuffix(SUFFIX)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0))
                        .apiKeys(List.of(new ApiKey(key.secretId(), key.secretKey()))))
                .product(Product.withSecret("CLOUDPRODA", "a-secret"))
                .product(Product.withSecret("CLOUDPRODB", "b-secret")).startAndWait();
        // what a user's machine resolves, for the run's JVM only
        Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n127.0.0.1 CLOUDPRODA." + SUFFIX + " cloudproda."
                + SUFFIX + "\n127.0.0.1 CLOUDPRODB." + SUFFIX + " cloudprodb." + SUFFIX + "\n");
        CertificateAuthority.generate("some other CA").writeTo(dir.resolve("other-ca"));
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private Path scenario(String ca) throws Exception {
        Path file = dir.resolve("cloud.yaml");
        Files.writeString(file, """
                name: cloud-hosts
                target:
                  host: "{productId}.iotcloud.tencentdevices.com"
                  port: %d
                  tls: true
                  ca: %s
                  api: "http://127.0.0.1:%d"
                  apiCredentials: api.credential
                groups:
                  - {name: a, productId: CLOUDPRODA, count: 20, credentials: {productSecret: a-secret}, sdk: java-sdk}
                  - {name: b, productId: CLOUDPRODB, count: 20, credentials: {productSecret: b-secret}, sdk: java-sdk}
                phases:
                  - {name: c, duration: 3s, a: {connect: 20/s}, b: {connect: 20/s}}
                  - {name: s, duration: 3s, a: {downlink: {rate: 5/s}}, b: {shadow: {desired: 5/s}}}
                acceptSaturation: true
                """.formatted(hub.tlsPort(), ca, hub.apiPort()));
        return file;
    }

    /** Runs the CLI in a JVM whose name service is the hosts file; its exit code, its output in {@code log}. */
    private int runInOwnJvm(Path scenario, Path output, Path log) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djdk.net.hosts.file=" + dir.resolve("hosts"), "-cp", classpath,
                "io.fleetstorm.cli.Main", "run", scenario.toString(), "--output", output.toString(),
                "--metrics-port", "-1"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the run ends").isTrue();
        return p.exitValue();
    }

    @Test
    void eachGroupReachesItsProductsHostWithTheUsersCa() throws Exception {
        Path log = dir.resolve("run.log");
        int exit = runInOwnJvm(scenario("hub-certs/ca.pem"), dir.resolve("out"), log);
        assertThat(exit).as(Files.readString(log)).isZero();
        JsonObject summary = new JsonObject(Files.readString(dir.resolve("out/summary.json")));
        assertThat(summary.getJsonObject("devices").getLong("connectedAtLeastOnce")).isEqualTo(40);
        assertThat(hub.stats().refusals(RefusalReason.WRONG_HOST)).as("every device indicated its product's host")
                .isZero();
        assertThat(summary.getJsonObject("run").getJsonArray("operations").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("operation").equals("downlink")).mapToLong(o -> o.getLong("count")).sum())
                .as("the application side reached the devices through the API").isEqualTo(15);
    }

    @Test
    void aCaThatDidNotSignTheHostsCertificateStopsEveryHandshake() throws Exception {
        Path log = dir.resolve("run.log");
        int exit = runInOwnJvm(scenario("other-ca/ca.pem"), dir.resolve("out"), log);
        assertThat(exit).as("target unreachable: " + Files.readString(log)).isEqualTo(4);
        JsonObject summary = new JsonObject(Files.readString(dir.resolve("out/summary.json")));
        assertThat(summary.getJsonObject("devices").getLong("connectedAtLeastOnce")).isZero();
        assertThat(Files.readString(log)).contains("tls");
    }
}
