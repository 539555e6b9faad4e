package io.fleetstorm.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rates as QA write them, and the intended times they give: computed from n, so nothing drifts. */
class RateTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "100/s                  | 100   | 100   | false | false",
        "1/s per device         | 1     | 1     | true  | false",
        "2/min                  | 0.0333333 | 0.0333333 | false | false",
        "1k/s                   | 1000  | 1000  | false | false",
        "10/s -> 100/s          | 10    | 100   | false | false",
        "50/s poisson           | 50    | 50    | false | true",
        "0.2/s per device poisson | 0.2 | 0.2   | true  | true"})
    void ratesParse(String text, double from, double to, boolean perDevice, boolean poisson) {
        Rate r = Rate.parse(text);
        assertThat(r.from()).isCloseTo(from, within(1e-6));
        assertThat(r.to()).isCloseTo(to, within(1e-6));
        assertThat(r.perDevice()).isEqualTo(perDevice);
        assertThat(r.poisson()).isEqualTo(poisson);
    }

    @ParameterizedTest(name = "''{0}'' is not a rate")
    @CsvSource({"100", "fast", "-5/s", "5/day", "5/s per"})
    void nonRatesAreRejected(String text) {
        assertThat(Rate.parse(text)).isNull();
    }

    @Test
    void evenSpacingIsExact() {
        Rate r = Rate.parse("200/s");
        assertThat(r.offsetNanos(0, 1, 0)).isZero();
        assertThat(r.offsetNanos(1, 1, 0)).isEqualTo(5_000_000L);
        assertThat(r.offsetNanos(200, 1, 0)).isEqualTo(1_000_000_000L);
    }

    @Test
    void aPerDeviceRateIsTheGroupTotalSpreadOverItsDevices() {
        Rate r = Rate.parse("1/s per device");
        assertThat(r.totalFrom(1000)).isEqualTo(1000);
        assertThat(r.offsetNanos(1000, 1000, 0)).isEqualTo(1_000_000_000L);
    }

    @Test
    void thereIsNoDriftOverALongRun() {
        Rate r = Rate.parse("1k/s");
        assertThat(r.offsetNanos(10_000_000L, 1, 0)).isEqualTo(10_000_000_000_000L); // the 10,000,000th at 10,000 s
    }

    @Test
    void aRampHasTheExpectedCountsAtHalfTimeAndAtTheEnd() {
        Rate r = Rate.parse("10/s -> 100/s");
        long phase = 60_000_000_000L;
        // operations by time t: r0 t + (r1 - r0) t^2 / 2T; at T/2 = 30 s: 300 + 90*900/120 = 975; at T: 3300
        assertThat(r.offsetNanos(975, 1, phase) / 1e9).isCloseTo(30.0, within(1e-6));
        assertThat(r.offsetNanos(3300, 1, phase) / 1e9).isCloseTo(60.0, within(1e-6));
        assertThat(r.expectedCount(1, phase)).isEqualTo(3300);
        // the spacing narrows as the rate rises
        long early = r.offsetNanos(11, 1, phase) - r.offsetNanos(10, 1, phase);
        long late = r.offsetNanos(3200, 1, phase) - r.offsetNanos(3199, 1, phase);
        assertThat(early).isGreaterThan(late * 5);
    }

    @Test
    void aRampFromZeroStarts() {
        Rate r = new Rate(0, 100, false, false);
        assertThat(r.offsetNanos(0, 1, 10_000_000_000L)).isZero();
        assertThat(r.offsetNanos(500, 1, 10_000_000_000L) / 1e9).isCloseTo(10.0, within(1e-6));
    }
}
