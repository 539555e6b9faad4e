package io.fleetstorm.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstorm.scenario.behaviour.Bind;
import io.fleetstorm.scenario.behaviour.Online;
import io.fleetstorm.scenario.behaviour.Register;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gateway groups, registering groups, configuration and resources in scenario files: what is read, and the exact
 * line for each mistake (a bad gateway reference, a behaviour given to the wrong kind of group, a registration that
 * comes too late or with a secret the SDKs cannot use).
 */
class SdkFeaturesScenarioTest {

    @TempDir
    static Path dir;

    private static final String GATEWAYS = """
            name: gw
            groups:
              - name: gateways
                productId: GW1
                count: 4
                credentials: {productSecret: g}
              - name: sensors
                productId: SUB1
                count: 20
                gateway: gateways
                credentials: {productSecret: s}
            """;

    private static final String REGISTERING = """
            name: reg
            groups:
              - name: factory
                productId: REG1
                count: 3
                credentials:
                  register: {productSecret: 0123456789abcdef-secret, csv: out.csv}
            """;

    private static Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aGatewayGroupCarriesItsSubDevicesInEqualShares() throws Exception {
        Scenario s = ScenarioLoader.load(write("gw.yaml", GATEWAYS + """
                phases:
                  - {name: up, duration: 1s, gateways: {connect: 4/s}}
                  - {name: bind, duration: 1s, sensors: {bind: all, online: 20/s}}
                """), Map.of());
        Scenario.Group sensors = s.groups().get(1);
        assertThat(sensors.gateway()).isEqualTo("gateways");
        assertThat(s.gatewayOf(sensors)).isSameAs(s.groups().get(0));
        assertThat(s.isGateway(s.groups().get(0))).isTrue();
        assertThat(s.devices()).isEqualTo(24);
        assertThat(s.sockets()).as("sub-devices share their gateway's connection").isEqualTo(4);
        assertThat(s.logicalDevices()).as("gateways are sockets, not logical devices").isEqualTo(20);
        assertThat(s.phases().get(1).of("sensors")).containsExactly(new Bind(null),
                new Online(new ConstantRate(20, false)));
    }

    @Test
    void aShardKeepsEachSubDeviceWithItsGateway() throws Exception {
        Scenario s = ScenarioLoader.load(write("gw2.yaml", GATEWAYS + """
                phases:
                  - {name: up, duration: 1s, gateways: {connect: 4/s}}
                """), Map.of());
        Scenario second = s.sliced(new Scenario.Slicing() {
            @Override
            public int start(int groupCount) {
                return groupCount / 2;
            }

            @Override
            public int size(int groupCount) {
                return groupCount - groupCount / 2;
            }
        });
        assertThat(second.groups().get(0).deviceName(0)).isEqualTo("device-00002");
        assertThat(second.groups().get(1).count()).isEqualTo(10);
        assertThat(second.groups().get(1).deviceName(0)).as("gateway 2's first sub-device").isEqualTo("device-00010");
    }

    @Test
    void registeringDevicesReadTheirSecretUrlAndCsvAndNeverPrintTheSecret() throws Exception {
        Scenario s = ScenarioLoader.load(write("reg.yaml", REGISTERING + """
                phases:
                  - {name: r, duration: 1s, factory: {register: {rate: 3/s}}}
                  - {name: c, duration: 1s, factory: {connect: 3/s}}
                """), Map.of());
        Credentials.Registered r = (Credentials.Registered) s.groups().get(0).credentials();
        assertThat(r.productSecret()).isEqualTo("0123456789abcdef-secret");
        assertThat(r.csv()).isEqualTo(dir.resolve("out.csv"));
        assertThat(r.url()).isNull();
        assertThat(r.psk("REG1", "device-00000")).as("no PSK before it registered").isNull();
        assertThat(r.toString()).doesNotContain("0123456789abcdef").contains("out.csv");
        assertThat(s.phases().get(0).of("factory")).containsExactly(new Register(new ConstantRate(3, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void everyMistakeIsReportedWithItsLineAndRule(String what, String yaml, String expected) throws IOException {
        Path file = write("broken.yaml", yaml);
        assertThatThrownBy(() -> ScenarioLoader.load(file, Map.of()))
                .isInstanceOf(ScenarioException.class)
                .satisfies(e -> assertThat(((ScenarioException) e).problems()).contains(file + expected));
    }

    static Stream<Arguments> broken() {
        String up = "phases:\n  - {name: p, duration: 1s, gateways: {connect: 4/s}}\n";
        return Stream.of(
                Arguments.of("unknown gateway group", GATEWAYS.replace("gateway: gateways", "gateway: hubs") + up,
                        ":10: groups[1].gateway must name another group of this scenario (the gateways that carry "
                                + "these sub-devices), but was 'hubs'"),
                Arguments.of("uneven shares", GATEWAYS.replace("count: 20", "count: 21") + up,
                        ":10: groups[1].gateway needs count to be a multiple of group gateways's 4 gateways (each "
                                + "carries count / 4 sub-devices), but count is 21, but was 'gateways'"),
                Arguments.of("more than a gateway may bind", GATEWAYS.replace("count: 20", "count: 6004") + up,
                        ":10: groups[1].gateway would give each gateway of group gateways 1501 sub-devices, more "
                                + "than the 1500 one gateway may have bound, but was 'gateways'"),
                Arguments.of("same product", GATEWAYS.replace("SUB1", "GW1") + up,
                        ":10: groups[1].gateway must name gateways of another product: product GW1 cannot be both "
                                + "a gateway product and its sub-product, but was 'gateways'"),
                Arguments.of("connect on sub-devices", GATEWAYS
                        + "phases:\n  - {name: p, duration: 1s, sensors: {connect: 4/s}}\n",
                        ":13: phases[0].sensors connect is for devices with a connection of their own; group "
                                + "sensors is sub-devices behind gateways of group gateways (they bind, go online "
                                + "and offline, and do the rest through their gateway)"),
                Arguments.of("online on direct devices", GATEWAYS
                        + "phases:\n  - {name: p, duration: 1s, gateways: {online: all}}\n",
                        ":13: phases[0].gateways online is for sub-devices (a group with gateway:), but group "
                                + "gateways's devices have a connection of their own"),
                Arguments.of("bad rate", GATEWAYS + "phases:\n  - {name: p, duration: 1s, sensors: {bind: soon}}\n",
                        ":13: phases[0].sensors.bind must be a rate such as 100/s, 1/s per device, 12/min per "
                                + "device, 1/5s, every 5s or 10/s -> 100/s, but was 'soon'"),
                Arguments.of("short registration secret", REGISTERING.replace("0123456789abcdef-secret", "short")
                        + "phases:\n  - {name: p, duration: 1s, factory: {register: all}}\n",
                        ":7: groups[0].credentials.register.productSecret must have at least 16 ASCII characters "
                                + "(the SDKs use its first 16 as the AES key of the registration answer)"),
                Arguments.of("csv in a missing directory", REGISTERING.replace("out.csv", "no/such/dir/out.csv")
                        + "phases:\n  - {name: p, duration: 1s, factory: {register: all}}\n",
                        ":7: groups[0].credentials.register.csv must be a file in an existing directory (the "
                                + "registered PSKs are written there at the end of the run), but was "
                                + "'no/such/dir/out.csv'"),
                Arguments.of("connect before registering", REGISTERING
                        + "phases:\n  - {name: p, duration: 1s, factory: {connect: 3/s, register: all}}\n",
                        ":9: phases[0].factory connect comes before group factory's devices registered: with "
                                + "credentials register, a register behaviour must come in an earlier phase"),
                Arguments.of("register without register credentials", GATEWAYS
                        + "phases:\n  - {name: p, duration: 1s, gateways: {register: all}}\n",
                        ":13: phases[0].gateways register needs the group's credentials to be register: "
                                + "{productSecret: ...} (the devices then obtain their PSKs by registering)"),
                Arguments.of("certificate sub-devices", GATEWAYS.replace("    gateway: gateways",
                        "    gateway: gateways\n    auth: certificate") + up,
                        ":11: groups[1].auth must be key for sub-devices (a group with gateway:): their gateway "
                                + "binds them with a signature keyed by their PSK, but was 'certificate'"),
                Arguments.of("config without a rate", GATEWAYS
                        + "phases:\n  - {name: p, duration: 1s, gateways: {config: {}}}\n",
                        ":13: phases[0].gateways.config needs at least one of get, push"),
                Arguments.of("resource too large", GATEWAYS
                        + "phases:\n  - {name: p, duration: 1s, gateways: {resource: {upload: 1/s, size: 2MB}}}\n",
                        ":13: phases[0].gateways.resource.size must be a size such as 512B, 16KB or 1MB, at most "
                                + "512KB, but was '2MB'"));
    }

    @Test
    void everyNewBehaviourIsListedInTheReaderTable() {
        assertThat(io.fleetstorm.scenario.behaviour.Behaviours.keys()).containsSequence("bind", "online", "offline",
                "register", "config", "resource");
        assertThat(List.of(Subscription.values())).contains(Subscription.CONFIG_RESULT, Subscription.RESOURCE_DOWN);
    }
}
