package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

    @ParameterizedTest
    @ValueSource(strings = {"hub.example.com:1883", "127.0.0.1:8883", "[::1]:1883"})
    void aGoodTargetParses(String value) {
        HostPort target = HostPort.parse(value);
        assertThat(target.port()).isIn(1883, 8883);
        assertThat(target.toString()).isEqualTo(value);
    }
}
