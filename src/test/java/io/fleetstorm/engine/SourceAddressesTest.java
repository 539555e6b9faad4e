package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.ScenarioLoader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where connections come from: the scenario's source addresses, or for a large fleet on a loopback target enough
 * 127.0.0.x addresses that the kernel's ephemeral-port search stays short (at most 10,000 connections each).
 */
class SourceAddressesTest {

    @TempDir
    Path dir;

    private Scenario scenario(int devices, String target) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "name: s\ntarget: " + target + "\ngroups:\n"
                + "  - {name: a, productId: P1, count: " + devices + ", credentials: {productSecret: s}}\n"
                + "phases:\n  - {name: p, duration: 1s, a: {connect: {rate: 10/s}}}\n");
        return ScenarioLoader.load(file, Map.of());
    }

    private static List<String> hosts(List<InetSocketAddress> addresses) {
        return addresses.stream().map(InetSocketAddress::getHostString).toList();
    }

    @Test
    void upTo10000DevicesOnLoopbackConnectFromAnyAddressAsBefore() throws Exception {
        assertThat(ScenarioCompiler.sourceAddresses(scenario(10_000, "{host: 127.0.0.1, port: 1883}"),
                new InetSocketAddress("127.0.0.1", 1883))).isEmpty();
    }

    @Test
    void aLargerLoopbackFleetIsSpreadOverOneAddressPer10000Devices() throws Exception {
        assertThat(hosts(ScenarioCompiler.sourceAddresses(scenario(15_000, "{host: 127.0.0.1, port: 1883}"),
                new InetSocketAddress("127.0.0.1", 1883)))).containsExactly("127.0.0.1", "127.0.0.2");
        assertThat(hosts(ScenarioCompiler.sourceAddresses(scenario(19_900, "{host: localhost, port: 1883}"),
                new InetSocketAddress("localhost", 1883)))).containsExactly("127.0.0.1", "127.0.0.2");
    }

    @Test
    void theScenariosOwnSourceAddressesAlwaysWin() throws Exception {
        Scenario s = scenario(15_000, "{host: 127.0.0.1, port: 1883, sourceAddresses: [127.0.0.9]}");
        List<InetSocketAddress> out = ScenarioCompiler.sourceAddresses(s, new InetSocketAddress("127.0.0.1", 1883));
        assertThat(hosts(out)).containsExactly("127.0.0.9");
        assertThat(out.get(0).getPort()).as("port chosen by the kernel").isZero();
    }

    @Test
    void aRemoteTargetIsLeftToTheRoutingTable() throws Exception {
        assertThat(ScenarioCompiler.sourceAddresses(scenario(15_000, "{host: 10.1.2.3, port: 1883}"),
                InetSocketAddress.createUnresolved("10.1.2.3", 1883))).isEmpty();
        assertThat(ScenarioCompiler.sourceAddresses(scenario(15_000, "{host: 192.0.2.7, port: 1883}"),
                new InetSocketAddress("192.0.2.7", 1883))).isEmpty();
    }
}
