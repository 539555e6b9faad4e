package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario's thresholds checked by {@code validate} against its own phases and groups, every problem at once. */
class ScenarioThresholdsTest {

    private static final String SCENARIO = """
            name: t
            groups:
              - {name: sensors, productId: THRESH0001, count: 5, credentials: {productSecret: s}}
              - {name: cameras, productId: THRESH0001, count: 5, namePattern: "cam-{index}",
                 credentials: {productSecret: s}}
            phases:
              - name: steady
                duration: 2s
                sensors: {connect: {rate: 10/s}}
              - name: cool
                duration: 1s
                sensors: {idle: {}}
            thresholds:
            """;

    @TempDir
    Path dir;

    @Test
    void selectorsThatNameAPhaseOrGroupTheScenarioHasPass() throws Exception {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, SCENARIO + """
                  - "errors.rate{group:cameras, phase:steady, last:10s} < 5%"
                  - {expr: "connect.p99{group:sensors} < 200ms", phase: steady, abortOnFail: true}
                """);
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void everyUnknownPhaseOrGroupAndEveryConflictIsNamedWithItsLine() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, SCENARIO + """
                  - "errors.rate{group:lights} < 5%"
                  - "errors.rate{phase:ramp} < 5%"
                  - {expr: "publish-ack.p99{phase:steady} < 200ms", phase: cool}
                  - "errors.rate{last:2h} < 5%"
                """);
        CliRunner r = CliRunner.run("validate", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(file + ": 4 errors\n"
                + "  " + file + ":14: thresholds[0] selects group 'lights', which is not a group of this scenario "
                + "(sensors, cameras), but was 'errors.rate{group:lights} < 5%'\n"
                + "  " + file + ":15: thresholds[1] selects phase 'ramp', which is not a phase of this scenario "
                + "(steady, cool), but was 'errors.rate{phase:ramp} < 5%'\n"
                + "  " + file + ":16: thresholds[2].expr names phase steady but the threshold's phase field says "
                + "cool, but was 'publish-ack.p99{phase:steady} < 200ms'\n"
                + "  " + file + ":17: thresholds[3] selects a window last:2h; it must be a duration in 1s..15m "
                + "such as last:10s, but was 'errors.rate{last:2h} < 5%'\n");
    }
}
