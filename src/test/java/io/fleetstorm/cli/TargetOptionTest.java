package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --target HOST:PORT} is checked when the command line is parsed: exit 2, the flag and the value named. */
class TargetOptionTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "run|nohost", "run|:1883", "run|hub:0", "run|hub:65536", "run|hub:port", "run|hub:", "run|'hub :1883'",
        "agent|hub:99999"})
    void aBadTargetIsExitTwoNamingTheFlagAndTheValue(String command, String value) {
        CliRunner r = command.equals("run") ? CliRunner.run("run", "never-read.yaml", "--target", value)
                : CliRunner.run("agent", "--target", value);

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("fleetstorm: Invalid value for option '--target': expected HOST:PORT with a "
                + "port in 1..65535, but was '" + value + "'\n");
    }

    /** The file refuses target: with hub:, so the flag does too, rather than silently dropping the faults. */
    @ParameterizedTest
    @ValueSource(strings = {"run", "capacity", "preflight"})
    void aTargetFlagOnAScenarioWithHubFaultsIsExitTwoNamingBoth(String command, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("slow-hub.yaml");
        Files.writeString(file, """
                name: slow-hub
                groups: [{name: g, productId: P0000001, count: 10, credentials: {productSecret: s}}]
                phases: [{name: p, duration: 10s, g: {connect: {rate: 10/s}}}]
                hub:
                  delays: {puback: 5ms}
                """);
        CliRunner r = command.equals("capacity")
                ? CliRunner.run("capacity", file.toString(), "--vary", "g.count", "--from", "10", "--to", "20",
                        "--target", "127.0.0.1:1")
                : CliRunner.run(command, file.toString(), "--target", "127.0.0.1:1");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--target 127.0.0.1:1: the scenario's hub: section (delay puback=5ms) applies to "
                + "the embedded hub only; remove the section to run against 127.0.0.1:1, or start that hub with "
                + "'fleetstorm hub' and the same faults as flags");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hub.example.com:1883", "127.0.0.1:8883", "[::1]:1883"})
    void aGoodTargetParses(String value) {
        HostPort target = HostPort.parse(value);
        assertThat(target.port()).isIn(1883, 8883);
        assertThat(target.toString()).isEqualTo(value);
    }
}
