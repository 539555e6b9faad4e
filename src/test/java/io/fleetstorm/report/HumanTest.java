package io.fleetstorm.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Numbers as a person writes them: the one rule every output uses. */
class HumanTest {

    @ParameterizedTest(name = "{0} s -> {1}")
    @CsvSource({"0, 0s", "0.0004, 0ms", "0.45, 450ms", "1, 1s", "2.54, 2.5s", "9.96, 10s", "11, 11s", "11.4, 11s",
            "60, 1m", "64, 1m4s", "90, 1m30s", "3600, 1h", "3605, 1h5s", "5400, 1h30m", "-1, n/a"})
    void durations(double seconds, String text) {
        assertThat(Human.duration(seconds)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PT11S, 11s", "PT1M30S, 1m30s", "PT0.5S, 500ms", "PT0S, 0s", "PT2H, 2h"})
    void plannedDurationsAsAScenarioWritesThem(String iso, String text) {
        assertThat(Human.duration(Duration.parse(iso))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"0 | 0%", "1 | 100%", "0.58831 | 58.8%", "0.5 | 50%", "0.9995 | 99.95%",
            "0.99996 | 99.996%", "0.00012 | 0.012%", "0.0049 | 0.49%", "0.108 | 10.8%", "-1 | n/a", "NaN | n/a"})
    void percentages(double ratio, String text) {
        assertThat(Human.percent(ratio)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"0 | 0", "999 | 999", "1000 | 1,000", "18000 | 18,000",
            "1234567 | 1,234,567"})
    void counts(long n, String text) {
        assertThat(Human.count(n)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}/s -> {1}")
    @CsvSource(delimiter = '|', value = {"0 | 0/s", "0.04 | 0.04/s", "2.5 | 2.5/s", "10 | 10/s", "99.96 | 100/s",
            "1234.4 | 1,234/s"})
    void rates(double perSecond, String text) {
        assertThat(Human.rate(perSecond)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = '|', value = {"108 | 1000 | 108 of 1,000 devices (10.8%)",
            "486 | 1000 | 486 of 1,000 devices (48.6%)", "5 | 0 | 5"})
    void sharesNameTheExactCount(long part, long whole, String text) {
        assertThat(Human.share(part, whole, "devices")).isEqualTo(text);
    }
}
