package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.report.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExitCodeTest {

    @ParameterizedTest
    @EnumSource(Verdict.Status.class)
    void aVerdictExitsWithTheCodeItsSummaryRecords(Verdict.Status status) {
        assertThat(ExitCode.of(status).code()).isEqualTo(status.exitCode());
    }

    @ParameterizedTest
    @EnumSource(Verdict.Status.class)
    void theCodesAreTheDocumentedOnes(Verdict.Status status) {
        int expected = switch (status) {
            case PASSED -> 0;
            case BREACHED, INVALID -> 3;
            case ABORTED -> 4;
        };
        assertThat(ExitCode.of(status).code()).isEqualTo(expected);
    }
}
