package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad cluster input is one line and exit 2, before anything joins a cluster or connects. */
class ClusterInputTest {

    @TempDir
    Path dir;

    private Path scenario() throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: cluster-input
                groups:
                  - {name: sensors, productId: CLINPUT001, count: 4, credentials: {productSecret: s}}
                phases:
                  - {name: connect, duration: 1s, sensors: {connect: {rate: 4/s}}}
                """);
        return file;
    }

    @Test
    void badAgentCountsAndCombinationsAreRefused() throws Exception {
        String file = scenario().toString();
        assertRefused("fleetstorm: --agents must be >= 1, but was 0\n", "run", file, "--agents", "0");
        assertRefused("fleetstorm: --agents 5: group sensors has 4 device(s), fewer than the 5 shards: every shard "
                + "needs at least one device of every group\n", "run", file, "--agents", "5");
        assertRefused("fleetstorm: --shard and --agents do not go together: the controller shards the fleet over its "
                + "agents itself\n", "run", file, "--agents", "2", "--shard", "1/2");
        assertRefused("fleetstorm: --cluster-port must be in 0..65535, but was 70000\n", "run", file, "--agents", "2",
                "--cluster-port", "70000");
        assertRefused("fleetstorm: --join takes HOST or HOST:PORT, but was 'a:b:c'\n", "agent", "--join", "a:b:c");
    }

    private static void assertRefused(String err, String... args) {
        CliRunner r = CliRunner.run(args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(err);
    }
}
