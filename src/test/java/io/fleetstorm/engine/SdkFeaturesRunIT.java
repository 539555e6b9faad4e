package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.hub.ConnectRecord;
import io.fleetstorm.hub.DynamicRegistration;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.fleetstorm.hub.RecordingHubEvents;
import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.PskCsv;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.ScenarioLoader;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * fleetstorm's own devices play every SDK feature against the embedded hub over real sockets, from a scenario file
 * through the compiler and the engine, as a user's run does: gateways with sub-devices (bind, online, telemetry and
 * shadow through the gateway, a gateway storm and the sub-devices' return, offline), a registration storm whose PSKs
 * a second run reads from the CSV, remote configuration gets and pushes, resource uploads and downloads, and the C
 * SDK's TLS-PSK beside the Java SDK's certificate TLS. Checked from the hub's records and the run's result.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SdkFeaturesRunIT {

    @TempDir
    Path dir;

    private final RecordingHubEvents events = new RecordingHubEvents();
    private Vertx vertx;
    private Hub hub;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(0).apiPort(0).apiInsecure(true)
                        .events(events))
                .product(Product.withSecret("GW00000001", "gateway-secret").asGatewayOf(Set.of("SUB0000001")))
                .product(Product.withSecret("SUB0000001", "sensor-secret"))
                .product(Product.withSecret("REG0000001", "registration-secret-01").withRegistration(
                        new DynamicRegistration(DynamicRegistration.Type.AUTO_CREATE, 1_000)))
                .product(Product.withSecret("CFG0000001", "config-secret"))
                .startAndWait();
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private RunResult run(String yaml, boolean tls) throws Exception {
        Path file = dir.resolve("s" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml);
        Scenario s = ScenarioLoader.load(file, Map.of());
        LoadPlan plan = ScenarioCompiler.compile(s, new InetSocketAddress("127.0.0.1",
                tls ? hub.tlsPort() : hub.mqttPort()), tls ? new LoadPlan.TargetTls(
                List.of(hub.certificateAuthority().certificate()), false) : null,
                URI.create("http://127.0.0.1:" + hub.apiPort()));
        return new LocalRun(vertx, plan, LocalRun.runInfo(s, "it"), 2).run(List.of());
    }

    private static long count(ResultSection r, Operation op, String group) {
        var h = r.latency(op, group);
        return h == null ? 0 : h.corrected().getTotalCount();
    }

    @Test
    void gatewaysCarryTheirSubDevicesThroughBindOnlineTrafficAStormAndOffline() throws Exception {
        RunResult result = run("""
                name: gw
                groups:
                  - {name: gateways, productId: GW00000001, count: 4, namePattern: "gw-{index}",
                     credentials: {productSecret: gateway-secret}}
                  - {name: sensors, productId: SUB0000001, count: 40, gateway: gateways,
                     namePattern: "s-{index:02}", credentials: {productSecret: sensor-secret}}
                phases:
                  - {name: connect, duration: 1s, gateways: {connect: 20/s}}
                  - {name: bind, duration: 1s, sensors: {bind: 80/s}}
                  - {name: online, duration: 1s, sensors: {online: all}}
                  - name: traffic
                    duration: 2s
                    sensors: {telemetry: {rate: 1/s per device, qos: 1}, shadow: {report: 20/s}}
                  - {name: storm, duration: 4s, gateways: {reconnect: {fraction: 50%, recovery: 100%}}}
                  - {name: offline, duration: 1s, sensors: {offline: all}}
                """, false);
        ResultSection r = result.run();

        assertThat(count(r, Operation.SUBDEVICE_BIND, "sensors")).isEqualTo(40);
        assertThat(hub.featureStats().bindings()).isEqualTo(40);
        long dropped = events.disconnects().stream().filter(d -> d.clientId().startsWith("GW00000001")).count() - 4;
        assertThat(dropped).as("the storm dropped some gateways").isBetween(1L, 4L);
        assertThat(count(r, Operation.SUBDEVICE_ONLINE, "sensors")).as("40, then 10 again per gateway dropped")
                .isEqualTo(40 + 10 * dropped);
        assertThat(count(r, Operation.SUBDEVICE_OFFLINE, "sensors")).isEqualTo(40);
        assertThat(count(r, Operation.PUBLISH_ACK, "sensors")).isEqualTo(80);
        assertThat(count(r, Operation.PUBLISH_ACK, "gateways")).isZero();
        assertThat(count(r, Operation.SHADOW_UPDATE, "sensors")).isEqualTo(40);
        assertThat(r.counter(Counter.DEVICES_CONNECTED_ONCE)).as("logical devices").isEqualTo(40);
        assertThat(r.counter(Counter.SOCKETS_CONNECTED_ONCE)).isEqualTo(4);
        assertThat(r.errorCount()).isZero();
        // on the wire: the sub-devices' publishes and shadow requests arrive on their gateway's connections
        assertThat(events.published(p -> p.topic().startsWith("SUB0000001/"))).hasSize(80)
                .allSatisfy(p -> assertThat(p.clientId()).startsWith("GW00000001gw-"));
        assertThat(events.published(p -> p.topic().startsWith("SUB0000001/s-13/"))).allSatisfy(p ->
                assertThat(p.clientId()).as("s-13 is behind gateway 13 / 10 = 1").isEqualTo("GW00000001gw-1"));
        assertThat(events.subDevices().stream().filter(e -> e.online()).count()).isEqualTo(40 + 10 * dropped);
        assertThat(events.accepted()).hasSize((int) (4 + dropped));
        assertThat(hub.isOnline(new DeviceId("SUB0000001", "s-00"))).isFalse();
    }

    @Test
    void aRegistrationStormWritesTheCsvThatASecondRunConnectsWith() throws Exception {
        RunResult result = run("""
                name: reg
                groups:
                  - name: c
                    productId: REG0000001
                    count: 30
                    namePattern: "c-{index:02}"
                    credentials: {register: {productSecret: registration-secret-01, csv: c.csv}}
                  - name: java
                    productId: REG0000001
                    count: 10
                    namePattern: "j-{index:02}"
                    sdk: java-sdk
                    credentials: {register: {productSecret: registration-secret-01}}
                phases:
                  - {name: register, duration: 2s, c: {register: all}, java: {register: 20/s}}
                  - {name: connect, duration: 1s, c: {connect: 60/s}, java: {connect: 20/s}}
                """, false);
        ResultSection r = result.run();
        assertThat(count(r, Operation.REGISTER, "c")).isEqualTo(30);
        assertThat(count(r, Operation.REGISTER, "java")).isEqualTo(10);
        assertThat(r.counter(Counter.DEVICES_CONNECTED_ONCE)).isEqualTo(40);
        assertThat(r.errorCount()).isZero();
        assertThat(hub.featureStats().registrations("created")).isEqualTo(40);

        // the CSV holds exactly the PSKs the hub issued, in the console's format
        Path csv = dir.resolve("c.csv");
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("deviceName,devicePsk");
        Map<String, PskCsv.Row> rows = PskCsv.read(csv);
        assertThat(rows).hasSize(30);
        for (PskCsv.Row row : rows.values()) {
            assertThat(row.pskBase64()).isEqualTo(hub.registry().device(new DeviceId("REG0000001",
                    row.deviceName())).orElseThrow().psk());
        }

        events.clear();
        RunResult again = run("""
                name: later
                groups:
                  - {name: c, productId: REG0000001, count: 30, namePattern: "c-{index:02}", credentials: {csv: c.csv}}
                phases:
                  - {name: connect, duration: 1s, c: {connect: 60/s}}
                """, false);
        assertThat(again.run().counter(Counter.DEVICES_CONNECTED_ONCE)).isEqualTo(30);
        assertThat(events.refused()).isEmpty();
    }

    @Test
    void configurationGetsAndPushesAndResourceTransfersAreTimed() throws Exception {
        RunResult result = run("""
                name: cfg
                groups:
                  - {name: c, productId: CFG0000001, count: 10, credentials: {productSecret: config-secret}}
                  - {name: j, productId: CFG0000001, count: 10, sdk: java-sdk, namePattern: "j-{index}",
                     credentials: {productSecret: config-secret}}
                phases:
                  - {name: connect, duration: 1s, c: {connect: 20/s}, j: {connect: 20/s}}
                  - name: work
                    duration: 3s
                    c:
                      config: {get: 10/s, push: 1/s}
                      resource: {upload: 4/s, download: 4/s, size: 20KB}
                    j:
                      config: {get: 10/s}
                """, false);
        ResultSection r = result.run();
        assertThat(r.errorCount()).as(r.errors().toString()).isZero();
        assertThat(count(r, Operation.CONFIG_GET, "c")).isEqualTo(30);
        assertThat(count(r, Operation.CONFIG_GET, "j")).isEqualTo(30);
        // each group with gets switches the product's configuration on at the phase start (a push each), then 3 at
        // 1/s: 5 pushes, each to all 20 devices of the product
        assertThat(count(r, Operation.CONFIG_PUSH, "c") + count(r, Operation.CONFIG_PUSH, "j")).isEqualTo(5 * 20);
        assertThat(events.published(p -> p.topic().startsWith("$config/operation/CFG0000001/")))
                .hasSize(30).allSatisfy(p -> assertThat(p.qos()).isZero());
        assertThat(events.published(p -> p.topic().startsWith("$config/report/CFG0000001/j-")))
                .hasSize(30).allSatisfy(p -> assertThat(p.qos()).isOne());
        assertThat(count(r, Operation.RESOURCE_UPLOAD, "c")).isEqualTo(12);
        assertThat(count(r, Operation.RESOURCE_DOWNLOAD, "c")).isEqualTo(12);
        assertThat(hub.featureStats().resourceBytesUploaded()).isEqualTo(12 * 20 * 1024);
        assertThat(hub.featureStats().resourceTransfers("download_done")).isEqualTo(12);
    }

    @Test
    void overTlsTheCSdkSpeaksTlsPskWithoutAPasswordAndTheJavaSdkCertificateTlsWithIt() throws Exception {
        RunResult result = run("""
                name: tls
                groups:
                  - {name: c, productId: CFG0000001, count: 5, credentials: {productSecret: config-secret}}
                  - {name: j, productId: CFG0000001, count: 5, sdk: java-sdk, namePattern: "j-{index}",
                     credentials: {productSecret: config-secret}}
                phases:
                  - {name: connect, duration: 3s, c: {connect: 10/s}, j: {connect: 10/s}}
                """, true);
        assertThat(result.run().counter(Counter.DEVICES_CONNECTED_ONCE)).as(result.run().errors().toString())
                .isEqualTo(10);
        List<ConnectRecord> c = events.accepted().stream().filter(a -> a.clientId().contains("device-")).toList();
        List<ConnectRecord> j = events.accepted().stream().filter(a -> a.clientId().contains("j-")).toList();
        assertThat(c).hasSize(5).allSatisfy(a -> {
            assertThat(a.tls()).isTrue();
            assertThat(a.passwordMethod()).as("the C SDK over TLS-PSK sends no password").isNull();
        });
        assertThat(j).hasSize(5).allSatisfy(a -> {
            assertThat(a.tls()).isTrue();
            assertThat(a.passwordMethod()).isEqualTo("hmacsha256");
        });
    }
}
