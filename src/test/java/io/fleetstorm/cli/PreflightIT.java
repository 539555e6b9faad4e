package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.cloudapi.ApiCredentials;
import io.fleetstorm.cloudapi.ApiResponse;
import io.fleetstorm.cloudapi.CloudApiClient;
import io.fleetstorm.cloudapi.CloudApiOptions;
import io.fleetstorm.hub.ApiKey;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubLimits;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.fleetstorm.tls.CertificateAuthority;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleetstorm preflight} against a hub over real sockets: everything in order passes in seconds; each kind of
 * mistake a user makes (a host that does not resolve, the wrong CA, an unknown API key, a product never created)
 * is a FAIL row naming it, with exit code 2; {@code run --preflight} stops before the storm.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PreflightIT {

    @TempDir
    Path dir;
    private Hub hub;

    @BeforeEach
    void startHub() throws Exception {
        ApiCredentials key = ApiCredentials.generate(new SecureRandom());
        key.write(dir.resolve("api.credential"));
        ApiCredentials.generate(new SecureRandom()).write(dir.resolve("unknown.credential"));
        hub = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(0).apiPort(0)
                        .certDir(dir.resolve("hub-certs")).limits(HubLimits.CLOUD.withConnectIntervalMs(0))
                        .apiKeys(List.of(new ApiKey(key.secretId(), key.secretKey()))))
                .product(Product.withSecret("PREFLIGHT1", "p-secret")).startAndWait();
        // a certificate product and its devices, made as a user makes them: through the API
        Vertx vertx = Vertx.vertx();
        CloudApiClient api = new CloudApiClient(vertx, URI.create("http://127.0.0.1:" + hub.apiPort()),
                new CloudApiOptions().withCredentials(key).withRequestsPerSecond(CloudApiOptions.UNLIMITED));
        try {
            await(api.call("CreateProduct", new JsonObject().put("ProductName", "cams").put("ProductId", "PREFLCERT1")
                    .put("ProductProperties", new JsonObject().put("EncryptionType", "1"))));
            Files.createDirectories(dir.resolve("cams"));
            for (int i = 0; i < 3; i++) {
                JsonObject cam = await(api.call("CreateDevice", new JsonObject().put("ProductId", "PREFLCERT1")
                        .put("DeviceName", "cam-" + i))).response();
                Files.writeString(dir.resolve("cams/cam-" + i + ".pem"), cam.getString("DeviceCert"));
                Files.writeString(dir.resolve("cams/cam-" + i + ".key"), cam.getString("DevicePrivateKey"));
            }
        } finally {
            api.close();
            vertx.close();
        }
        CertificateAuthority.generate("another CA").writeTo(dir.resolve("other-ca"));
    }

    private static ApiResponse await(Future<ApiResponse> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private Path scenario(String host, String ca, String credentials, String product) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                name: preflight
                target: {host: %s, port: %d, tls: true, ca: %s, api: "http://127.0.0.1:%d", apiCredentials: %s}
                groups:
                  - {name: sensors, productId: %s, count: 100, credentials: {productSecret: p-secret}}
                  - {name: cams, productId: PREFLCERT1, count: 3, namePattern: "cam-{index}", auth: certificate,
                     credentials: {certDir: cams}, sdk: java-sdk}
                phases:
                  - {name: p, duration: 5s, sensors: {connect: 50/s, shadow: {desired: 10/s}}, cams: {connect: 3/s}}
                """.formatted(host, hub.tlsPort(), ca, hub.apiPort(), credentials, product));
        return file;
    }

    private static PreflightRow.Status status(String out, String check, String subjectPart) {
        for (String line : out.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (line.startsWith(check + "  ") && line.contains(subjectPart)) {
                for (String c : cols) {
                    if (c.matches("PASS|WARN|FAIL|SKIP")) {
                        return PreflightRow.Status.valueOf(c);
                    }
                }
            }
        }
        throw new AssertionError("no " + check + " row for " + subjectPart + " in\n" + out);
    }

    @Test
    void everythingInOrderPassesInSeconds() throws Exception {
        long start = System.nanoTime();
        CliRunner r = CliRunner.run("preflight", scenario("localhost", "hub-certs/ca.pem", "api.credential",
                "PREFLIGHT1").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(20);
        for (String[] row : new String[][] {{"dns", "localhost"}, {"tcp", "localhost"}, {"tls", "localhost"},
                {"device", "sensors: device-00000"}, {"device", "cams: cam-0"}, {"api", "http://127.0.0.1"},
                {"product", "PREFLIGHT1"}, {"product", "PREFLCERT1"}, {"devices", "cams"},
                {"api rate", "UpdateDeviceShadow"}, {"quota", "per device"}, {"sockets", "open files"},
                {"sockets", "localhost:"}}) {
            assertThat(status(r.out(), row[0], row[1])).as(row[0] + " " + row[1] + "\n" + r.out())
                    .isEqualTo(PreflightRow.Status.PASS);
        }
        assertThat(r.out()).contains("preflight: ", " 0 failed");
    }

    @Test
    void aHostThatDoesNotResolveFailsAtDnsAndEveryDevice() throws Exception {
        CliRunner r = CliRunner.run("preflight", scenario("no-such-host.invalid", "hub-certs/ca.pem",
                "api.credential", "PREFLIGHT1").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(status(r.out(), "dns", "no-such-host.invalid")).isEqualTo(PreflightRow.Status.FAIL);
        assertThat(status(r.out(), "device", "sensors")).isEqualTo(PreflightRow.Status.FAIL);
        assertThat(r.out()).contains("does not resolve");
    }

    @Test
    void theWrongCaFailsTheHandshakeNamingTheFile() throws Exception {
        CliRunner r = CliRunner.run("preflight", scenario("localhost", "other-ca/ca.pem", "api.credential",
                "PREFLIGHT1").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(status(r.out(), "tls", "localhost")).isEqualTo(PreflightRow.Status.FAIL);
        assertThat(r.out()).contains("does not chain to the CA in " + dir.resolve("other-ca/ca.pem"));
        assertThat(status(r.out(), "device", "cams")).isEqualTo(PreflightRow.Status.FAIL);
    }

    @Test
    void anUnknownKeyAndAMissingProductFailNamingTheFix() throws Exception {
        CliRunner bad = CliRunner.run("preflight", scenario("localhost", "hub-certs/ca.pem", "unknown.credential",
                "PREFLIGHT1").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(status(bad.out(), "api", "http://127.0.0.1")).isEqualTo(PreflightRow.Status.FAIL);
        assertThat(bad.out()).contains("AuthFailure.SecretIdNotFound");

        CliRunner missing = CliRunner.run("preflight", scenario("localhost", "hub-certs/ca.pem", "api.credential",
                "NEVERMADE1").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(status(missing.out(), "product", "NEVERMADE1")).isEqualTo(PreflightRow.Status.FAIL);
        assertThat(missing.out()).contains("fleetstorm provision");
    }

    @Test
    void runWithPreflightStopsBeforeTheStorm() throws Exception {
        CliRunner r = CliRunner.run("run", scenario("localhost", "other-ca/ca.pem", "api.credential", "PREFLIGHT1")
                .toString(), "--preflight", "--output", dir.resolve("out").toString(), "--metrics-port", "-1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("FAIL", "fix the failures above").doesNotContain("results:");
        assertThat(Files.exists(dir.resolve("out/summary.json"))).isFalse();
    }
}
