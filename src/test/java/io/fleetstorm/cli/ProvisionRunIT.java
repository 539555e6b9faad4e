package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.cloudapi.ApiCredentials;
import io.fleetstorm.cloudapi.ApiFailure;
import io.fleetstorm.cloudapi.CloudApiClient;
import io.fleetstorm.cloudapi.CloudApiOptions;
import io.fleetstorm.hub.ApiKey;
import io.fleetstorm.hub.Device;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubBuilder;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.PskCsv;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provision}, {@code run} and {@code deprovision} against a fleetstorm hub through its signed API, as a user
 * does it against the cloud: a provision killed half way (SIGKILL of its process) and resumed, counts that add up,
 * and a deprovision that leaves exactly the devices that existed before.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ProvisionRunIT {

    private static final String KEYS = "PROVKEYS01";
    private static final String DERIVED = "PROVDERIV1";
    private static final String CERTS = "PROVCERTS1";

    @TempDir
    Path dir;
    private Hub hub;
    private Vertx vertx;
    private CloudApiClient api;
    private final ApiCredentials credentials = ApiCredentials.generate(new SecureRandom());
    private final List<String> before = new ArrayList<>();

    @BeforeEach
    void startHub() throws Exception {
        HubBuilder builder = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(0)
                .apiPort(0).certDir(dir.resolve("hub-certs"))
                .apiKeys(List.of(new ApiKey(credentials.secretId(), credentials.secretKey()))));
        builder.product(new Product(KEYS, null, Map.of()));
        // devices the product had before: five the scenario names too (their PSKs must end in the CSV), five not
        for (int i = 0; i < 10; i++) {
            String name = i < 5 ? String.format("dev-%05d", i * 1000 + 7) : "other-" + i;
            before.add(name);
            builder.device(Device.withPsk(new DeviceId(KEYS, name), Base64.getEncoder().encodeToString(
                    ("pre-existing-psk" + i).getBytes())));
        }
        hub = builder.startAndWait();
        credentials.write(dir.resolve("api.credential"));
        vertx = Vertx.vertx();
        api = new CloudApiClient(vertx, java.net.URI.create("http://127.0.0.1:" + hub.apiPort()),
                new CloudApiOptions().withCredentials(credentials).withRequestsPerSecond(CloudApiOptions.UNLIMITED));
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        hub.close();
    }

    private Path scenario(String name, String body) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\n" + body.replace("API", "http://127.0.0.1:" + hub.apiPort())
                .replace("MQTT", String.valueOf(hub.mqttPort())).replace("TLS", String.valueOf(hub.tlsPort())));
        return file;
    }

    @Test
    void fiveThousandDevicesProvisionedThroughAKillRunAndDeprovisionedToWhatWasThere() throws Exception {
        Path file = scenario("fleet", """
                target: {host: 127.0.0.1, port: MQTT, api: "API", apiCredentials: api.credential}
                groups:
                  - {name: meters, productId: PROVKEYS01, count: 5000, namePattern: "dev-{index:05}",
                     credentials: {csv: meters.csv}}
                  - {name: valves, productId: PROVDERIV1, count: 30, namePattern: "valve-{index}",
                     credentials: {productSecret: valve-secret}}
                phases:
                  - {name: connect, duration: 8s, meters: {connect: 1000/s}, valves: {connect: 30/s}}
                  - {name: steady, duration: 2s, meters: {telemetry: {rate: 500/s, qos: 1}}}
                acceptSaturation: true
                """);
        Path manifest = dir.resolve("fleet.provision.jsonl");

        // a provision killed (SIGKILL) after about a thousand devices
        Process child = provisionProcess(file, "--rate", "300");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (createdSoFar(manifest) < 1_000 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(child.isAlive()).as("still provisioning when killed").isTrue();
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long createdWhenKilled = createdSoFar(manifest);
        assertThat(createdWhenKilled).isBetween(1_000L, 4_999L);
        assertThat(PskCsv.read(dir.resolve("meters.csv"))).as("the CSV parses whatever instant the kill came at")
                .isNotEmpty();

        CliRunner resumed = CliRunner.run("provision", file.toString());
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        long created = number(resumed.out(), "(\\d[\\d,]*) created,");
        long earlier = number(resumed.out(), "(\\d[\\d,]*) created earlier");
        long existed = number(resumed.out(), "(\\d[\\d,]*) existed before");
        long recovered = number(resumed.out(), "(\\d[\\d,]*) recovered");
        assertThat(existed).isEqualTo(5);
        assertThat(created + earlier + recovered + existed).as(resumed.out()).isEqualTo(5_030);
        assertThat(earlier + recovered).as("what the killed run created is kept, not created again")
                .isGreaterThanOrEqualTo(createdWhenKilled);
        assertThat(resumed.out()).contains(" 0 failed");
        assertThat(deviceNames(KEYS)).hasSize(5_000 + 5);
        assertThat(deviceNames(DERIVED)).hasSize(30);
        Map<String, PskCsv.Row> rows = PskCsv.read(dir.resolve("meters.csv"));
        assertThat(rows).hasSize(5_000);
        assertThat(rows.get("dev-00007").pskBase64()).as("a device that existed keeps its own PSK")
                .isEqualTo(Base64.getEncoder().encodeToString("pre-existing-psk0".getBytes()));

        CliRunner again = CliRunner.run("provision", file.toString());
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).as("idempotent").contains(": 0 created, 5,025 created earlier, 5 existed before");

        CliRunner run = CliRunner.run("run", file.toString(), "--output", dir.resolve("results").toString(),
                "--metrics-port", "-1");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonObject summary = new JsonObject(Files.readString(dir.resolve("results/summary.json")));
        JsonObject devices = summary.getJsonObject("devices");
        assertThat(devices.getLong("connectedAtLeastOnce")).as("every provisioned device, pre-existing ones "
                + "included, connects: " + run.out()).isEqualTo(5_030);
        assertThat(devices.getLong("neverConnected")).isZero();

        CliRunner gone = CliRunner.run("deprovision", file.toString());
        assertThat(gone.exitCode()).as(gone.out() + gone.err()).isZero();
        assertThat(gone.out()).contains("5,025 deleted", " 0 failed");
        assertThat(deviceNames(KEYS)).as("exactly the devices that existed before").isEqualTo(new TreeSet<>(before));
        assertThat(code(() -> api.call("DescribeProduct", new JsonObject().put("ProductId", DERIVED))))
                .as("the product provision created is gone too").isEqualTo("ResourceNotFound.ProductNotExist");
        assertThat(PskCsv.read(dir.resolve("meters.csv"))).as("only the devices that existed before are left")
                .hasSize(5);
        assertThat(Files.exists(manifest)).as("a later provision starts afresh").isFalse();
    }

    @Test
    void certificateDevicesGetTheirFilesConnectWithMutualTlsAndAreDeletedWithTheirProduct() throws Exception {
        Path file = scenario("cams", """
                target: {host: 127.0.0.1, port: TLS, tls: true, ca: hub-certs/ca.pem, api: "API",
                         apiCredentials: api.credential}
                groups:
                  - {name: cams, productId: PROVCERTS1, count: 20, namePattern: "cam-{index}", auth: certificate,
                     credentials: {certDir: cam-certs}, sdk: java-sdk}
                phases:
                  - {name: connect, duration: 2s, cams: {connect: 20/s}}
                """);
        assertThat(CliRunner.run("validate", file.toString()).exitCode()).as("no certificates yet").isEqualTo(2);

        CliRunner provision = CliRunner.run("provision", file.toString());
        assertThat(provision.exitCode()).as(provision.out() + provision.err()).isZero();
        assertThat(provision.out()).contains(": 20 created,");
        assertThat(Files.readString(dir.resolve("cam-certs/cam-3.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.getPosixFilePermissions(dir.resolve("cam-certs/cam-3.key")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(provision.out() + provision.err()).doesNotContain(credentials.secretKey());

        CliRunner run = CliRunner.run("run", file.toString(), "--output", dir.resolve("results").toString(),
                "--metrics-port", "-1");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();

        CliRunner gone = CliRunner.run("deprovision", file.toString());
        assertThat(gone.exitCode()).as(gone.out() + gone.err()).isZero();
        assertThat(code(() -> api.call("DescribeProduct", new JsonObject().put("ProductId", CERTS))))
                .isEqualTo("ResourceNotFound.ProductNotExist");
        try (var files = Files.list(dir.resolve("cam-certs"))) {
            assertThat(files).as("the deleted devices' keys are removed").isEmpty();
        }
    }

    @Test
    void withoutAManifestDeprovisionRefusesAndNamesIt() throws Exception {
        Path file = scenario("none", """
                target: {host: 127.0.0.1, port: MQTT, api: "API", apiCredentials: api.credential}
                groups: [{name: g, productId: PROVKEYS01, count: 3, credentials: {csv: g.csv}}]
                phases: [{name: p, duration: 1s, g: {connect: 3/s}}]
                """);
        CliRunner r = CliRunner.run("deprovision", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("none.provision.jsonl: no manifest");
        assertThat(deviceNames(KEYS)).hasSize(10);
    }

    // ---- helpers ----

    private Process provisionProcess(Path file, String... args) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classpath, "io.fleetstorm.cli.Main", "provision", file.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed-provision.log").toFile()).start();
    }

    /** Devices the manifest records as created (whole lines only: the kill may have torn the last one). */
    private static long createdSoFar(Path manifest) throws Exception {
        if (!Files.exists(manifest)) {
            return 0;
        }
        String text = Files.readString(manifest);
        long n = 0;
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            if (line.contains("\"type\":\"created\"")) {
                n += new JsonObject(line).getJsonArray("devices").size();
            }
        }
        return n;
    }

    private TreeSet<String> deviceNames(String productId) throws Exception {
        TreeSet<String> names = new TreeSet<>();
        for (int offset = 0; ; offset += 250) {
            JsonObject page = api.call("DescribeDevices", new JsonObject().put("ProductId", productId)
                    .put("Offset", offset).put("Limit", 250)).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS).response();
            JsonArray devices = page.getJsonArray("Devices");
            devices.forEach(d -> names.add(((JsonObject) d).getString("DeviceName")));
            if (devices.isEmpty() || names.size() >= page.getLong("TotalCount")) {
                return names;
            }
        }
    }

    private static String code(java.util.concurrent.Callable<io.vertx.core.Future<?>> call) throws Exception {
        try {
            call.call().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return "ok";
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() instanceof ApiFailure f ? f.code() : e.getCause().toString();
        }
    }

    private static long number(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in " + text).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
