package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleetstorm validate} as a user calls it: shipped files pass, bad ones are exit 2 with file:line. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    @Test
    void everyShippedScenarioValidatesAsAUserWouldCallIt() throws Exception {
        List<String> args = new ArrayList<>(List.of("validate"));
        try (Stream<Path> files = Files.list(Path.of("scenarios"))) {
            files.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> args.add(p.toString()));
        }
        assertThat(args).contains("scenarios/cluster-51k.yaml", "scenarios/quickstart.yaml");
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("scenarios/cluster-51k.yaml: ok (51,000 devices, 2 phases, 5m30s; for 3 agents: "
                + "at most 17,000 devices and about 17,200 sockets per agent, ");
        assertThat(r.out()).contains("scenarios/quickstart.yaml: ok (1,000 devices, 4 phases, 1m)");
        assertThat(Main.execute(args.toArray(String[]::new))).isZero();
    }

    @Test
    void aCsvLackingADeviceIsExit2WithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("psk.csv"), "d-0,c2VjcmV0\n");
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: s
                groups:
                  - name: g
                    productId: P1
                    count: 2
                    namePattern: d-{index}
                    credentials: {csv: psk.csv}
                phases: [{name: p, duration: 1s, g: {connect: 2/s}}]
                """);
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(file + ": 1 error\n  " + file + ":7: groups[0].credentials.csv has no PSK "
                + "for device d-1 of the group (" + dir.resolve("psk.csv") + " lists 1 device(s))\n");
    }

    @Test
    void outcomeCountsEqualityAndCombinedSelectorsValidateAsTheReportReadsThem() throws Exception {
        Path file = dir.resolve("o.yaml");
        Files.writeString(file, """
                name: o
                groups: [{name: g, productId: P1, count: 10, credentials: {productSecret: s}}]
                phases: [{name: p, duration: 5s, g: {connect: 10/s}}]
                thresholds:
                  - "errors.count == 0"
                  - "devices.never-connected == 0"
                  - "connect.p99{group:g, phase:p} < 1s"
                  - {expr: "errors.rate{last:10s} < 5%", abortOnFail: true}
                """);
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(file + ": ok (10 devices, 1 phase, 5s)\n");
    }

    @Test
    void thresholdProblemsComeInTheSamePassAsTheRest() throws Exception {
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, """
                name: t
                groups: [{name: g, productId: P1, count: 0, credentials: {productSecret: s}}]
                phases: [{name: p, duration: 1s}]
                thresholds: ["publish-ack.p99 < 200", "frobs.p99 < 1s"]
                """);
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(file + ": 3 errors\n"
                + "  " + file + ":2: groups[0].count must be a whole number in 1..10000000, but was '0'\n"
                + "  " + file + ":4: thresholds[0] threshold 'publish-ack.p99 < 200': a latency limit needs a unit "
                + "(ns, us, ms, s, m, h), but was '200'\n"
                + "  " + file + ":4: thresholds[1] threshold 'frobs.p99 < 1s': unknown metric 'frobs'; expected an "
                + "operation (connect, subscribe, publish-ack, echo, downlink, shadow-update, shadow-get, "
                + "shadow-delta, shadow-convergence, ota-command, ota-download, ota-done, reconnect-recovery, "
                + "subdevice-bind, subdevice-online, subdevice-offline, register, config-get, config-push, "
                + "resource-upload, resource-download, api-call), "
                + "OPERATION.service, errors, generator.lag or an outcome count (devices.planned, devices.connected, "
                + "devices.never-connected, connect.attempts, connect.retries, connections.lost, connections.closed, "
                + "messages.sent, messages.received, ota.targeted, ota.commanded, ota.succeeded, ota.failed, "
                + "shadow.desired, shadow.deltas, downlinks.sent, storm.dropped, operations.started, operations.late, "
                + "operations.abandoned, operations.timed-out, api.retries)\n");
    }

    @Test
    void aClusterScenarioWhoseAgentShareCannotFitSaysHowManyAgentsItNeeds() throws Exception {
        long limit = Capacity.openFilesLimit();
        if (limit <= 0 || limit > 1_000_000) {
            return; // nothing to exceed on this machine
        }
        int devices = (int) (limit * 2);
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "name: c\nagents: 2\ntarget: {host: 127.0.0.1, port: 1883}\ngroups: [{name: g, "
                + "productId: P1, count: " + devices + ", credentials: {productSecret: s}}]\n"
                + "phases: [{name: p, duration: 1s}]\n");
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(file + ": for 2 agents: at most " + String.format("%,d", limit) + " devices "
                + "and about " + String.format("%,d", limit + Capacity.MARGIN) + " sockets per agent, "
                + String.format("%,d", limit) + " allowed here; raise the limit "
                + "(ulimit -n) or set agents to at least 3\n");
    }

    @Test
    void aClusterScenarioAgainstTheEmbeddedHubCountsTheControllersHub() throws Exception {
        Path file = dir.resolve("e.yaml");
        Files.writeString(file, "name: e\nagents: 2\ngroups: [{name: g, productId: P1, count: 100, credentials: "
                + "{productSecret: s}}]\nphases: [{name: p, duration: 1s}]\n");
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(file + ": ok (100 devices, 1 phase, 1s; for 2 agents: at most 50 devices and "
                + "about 250 sockets per agent, ").contains("; the controller's embedded hub about 300)");
    }
}
