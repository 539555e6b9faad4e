package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} and {@code plan} of gateway and registration scenarios as a user calls them: logical devices and
 * sockets told apart, the socket check counting sockets, and the warning when a gateway's requests would pass the
 * hub's 30 messages a second.
 */
class SdkFeaturesCliTest {

    @TempDir
    Path dir;

    @Test
    void theShippedScenariosValidateWithLogicalDevicesAndSockets() {
        CliRunner r = CliRunner.run("validate", "scenarios/gateways-10k.yaml", "scenarios/registration-storm.yaml");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("scenarios/gateways-10k.yaml: ok (10,000 logical devices over 200 sockets "
                + "(200 gateways), 6 phases, 1m31s)", "scenarios/registration-storm.yaml: ok (5,000 devices, 3 phases, "
                + "40s)");
        assertThat(r.err()).as("within every quota").isEmpty();
    }

    @Test
    void planShowsBothCountsEveryPhasesSubDevicesAndTheSocketsNeeded() {
        CliRunner r = CliRunner.run("plan", "scenarios/gateways-10k.yaml");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("scenarios/gateways-10k.yaml: gateways-10k, 10,000 logical devices over 200 "
                + "sockets (200 gateways), 1m31s, target embedded hub\n");
        assertThat(r.out()).contains(
                "  sensors      bind               500/s                                  10,000\n",
                "  sensors      online             500/s                                  10,000\n"
                        + "  sensors      connected at the end: 10,000 of 10,000\n",
                "  sensors      offline            2000/s                                 10,000\n"
                        + "  sensors      connected at the end: 0 of 10,000\n",
                "sockets: 600 needed (devices x2 for the embedded hub + spare)");
    }

    @Test
    void aGatewayAskedForMoreThanThirtyRequestsASecondIsWarnedAbout() throws Exception {
        Path file = dir.resolve("g.yaml");
        Files.writeString(file, """
                name: g
                groups:
                  - {name: gw, productId: GW1, count: 2, credentials: {productSecret: s}}
                  - {name: subs, productId: SUB1, count: 100, gateway: gw, credentials: {productSecret: t}}
                phases:
                  - {name: c, duration: 1s, gw: {connect: 2/s}}
                  - {name: b, duration: 1s, subs: {bind: all, online: 100/s}}
                """);
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEqualTo("warning: phase b, group subs: bind all at once sends 50 requests from each "
                + "gateway at the same instant, more than the hub's quota of 30 messages a second per gateway; the "
                + "excess is dropped (no answer)\n"
                + "warning: phase b, group subs: online at 100/s is 50 requests a second per gateway, more than the "
                + "hub's quota of 30 messages a second per gateway; the excess is dropped (no answer)\n");
    }
}
