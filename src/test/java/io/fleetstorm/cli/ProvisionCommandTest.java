package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** provision and deprovision refuse bad input before any API call: exit 2 with the field, flag or file named. */
class ProvisionCommandTest {

    @TempDir
    Path dir;

    private Path scenario(String target) throws Exception {
        Path file = dir.resolve("fleet.yaml");
        Files.writeString(file, "name: fleet\n" + target + "groups: [{name: g, productId: PROVTEST01, count: 3, "
                + "credentials: {csv: g.csv}}]\nphases: [{name: p, duration: 1s, g: {connect: 3/s}}]\n");
        return file;
    }

    @Test
    void aScenarioWithoutAnApiCannotBeProvisioned() throws Exception {
        CliRunner r = CliRunner.run("provision", scenario("").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("provisioning needs a target with an api (target.api");
    }

    @Test
    void aRateMustBePositive() throws Exception {
        CliRunner r = CliRunner.run("provision", scenario("target: {host: h.invalid, api: \"http://127.0.0.1:9\"}\n")
                .toString(), "--rate", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--rate: must be > 0 and <= 1000000 requests/s, but was 0.0");
    }

    @Test
    void aManifestOfAnotherTargetIsNotUsed() throws Exception {
        Path file = scenario("target: {host: h.invalid, api: \"http://127.0.0.1:9\"}\n");
        Files.writeString(dir.resolve("fleet.provision.jsonl"), "{\"type\":\"target\",\"api\":\"https://other\"}\n");
        for (String command : new String[] {"provision", "deprovision"}) {
            CliRunner r = CliRunner.run(command, file.toString());
            assertThat(r.exitCode()).as(command).isEqualTo(2);
            assertThat(r.err()).contains("this manifest records provisioning against https://other, not "
                    + "http://127.0.0.1:9; give another --manifest");
        }
    }

    @Test
    void anInvalidScenarioIsReportedAsValidateWould() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: bad\ngroups: [{name: g, productId: P, count: 0, credentials: {csv: g.csv}}]\n"
                + "phases: [{name: p, duration: 1s}]\n");
        CliRunner r = CliRunner.run("provision", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(file + ":2: groups[0].count must be a whole number in 1..10000000");
    }
}
