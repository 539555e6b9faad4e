package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.report.Verdict;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** One exit-code table: verdicts map onto it, and every command's --help is generated from it. */
class ExitCodeTest {

    @ParameterizedTest
    @EnumSource(Verdict.Status.class)
    void theCodesAreTheDocumentedOnes(Verdict.Status status) {
        int expected = switch (status) {
            case PASSED -> 0;
            case BREACHED, INVALID -> 3;
            case ABORTED, UNREACHABLE -> 4;
        };
        assertThat(status.exitCode()).isEqualTo(expected).isEqualTo(status.code().code());
    }

    @Test
    void theTableHasOneCodePerMeaningAndACrashIsNeverAVerdict() {
        assertThat(Arrays.stream(ExitCode.values()).map(ExitCode::code)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(ExitCode.CRASHED.code()).isEqualTo(5);
        assertThat(Arrays.stream(Verdict.Status.values()).map(Verdict.Status::code))
                .doesNotContain(ExitCode.CRASHED, ExitCode.INTERNAL_ERROR, ExitCode.INVALID_INPUT);
    }

    @Test
    void theTopLevelHelpListsEveryCode() {
        String help = CliRunner.run("--help").out();
        String listed = help.substring(help.indexOf("Exit codes:"));
        for (ExitCode c : ExitCode.values()) {
            assertThat(listed).contains("  " + c.code() + "   " + c.description());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "report", "capacity", "compare"})
    void commandsWithAVerdictListEveryCode(String command) {
        String help = CliRunner.run(command, "--help").out();
        assertThat(help).contains("Exit codes:");
        for (ExitCode c : ExitCode.values()) {
            assertThat(help).contains("  " + c.code() + "   " + c.description());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "hub", "agent", "schema"})
    void commandsWithoutAVerdictListTheirCodesOnly(String command) {
        String help = CliRunner.run(command, "--help").out();
        String listed = help.substring(help.indexOf("Exit codes:"));
        for (ExitCode c : List.of(ExitCode.OK, ExitCode.INTERNAL_ERROR, ExitCode.INVALID_INPUT, ExitCode.CRASHED)) {
            assertThat(listed).contains("  " + c.code() + "   " + c.description());
        }
        assertThat(listed).doesNotContain(ExitCode.THRESHOLDS_BREACHED.description(),
                ExitCode.ABORTED.description());
    }

    @Test
    void aNestedCommandListsItsCodesToo() {
        assertThat(CliRunner.run("hub", "psk", "--help").out()).contains("Exit codes:",
                "  2   " + ExitCode.INVALID_INPUT.description());
    }
}
