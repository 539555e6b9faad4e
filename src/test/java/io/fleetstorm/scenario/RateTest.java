package io.fleetstorm.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rates as QA write them, the shape each becomes, and the intended times they give. */
class RateTest {

    private static Rate parse(String text) {
        RateParser.Result r = RateParser.parse(text);
        assertThat(r.error()).as(text).isNull();
        return r.rate();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "100/s                    | ConstantRate    | 100       | 100       | false",
        "1/s per device           | ConstantRate    | 1         | 1         | true",
        "2/min                    | ConstantRate    | 0.0333333 | 0.0333333 | false",
        "1k/s                     | ConstantRate    | 1000      | 1000      | false",
        "1/5s                     | ConstantRate    | 0.2       | 0.2       | false",
        "1/5s per device          | ConstantRate    | 0.2       | 0.2       | true",
        "12/min per device        | ConstantRate    | 0.2       | 0.2       | true",
        "every 5s                 | ConstantRate    | 0.2       | 0.2       | true",
        "every 500ms poisson      | PoissonRate     | 2         | 2         | true",
        "3/1m30s                  | ConstantRate    | 0.0333333 | 0.0333333 | false",
        "10 / s                   | ConstantRate    | 10        | 10        | false",
        "10/s -> 100/s            | RampRate        | 10        | 100       | false",
        "0/s->50/s per device     | RampRate        | 0         | 50        | true",
        "50/s poisson             | PoissonRate     | 50        | 50        | false",
        "0.2/s per device poisson | PoissonRate     | 0.2       | 0.2       | true",
        "10/s -> 50/s poisson     | PoissonRampRate | 10        | 50        | false",
        "10/s -> 10/s             | ConstantRate    | 10        | 10        | false"})
    void ratesParseIntoTheirShape(String text, String shape, double from, double to, boolean perDevice) {
        Rate r = parse(text);
        assertThat(r.getClass().getSimpleName()).isEqualTo(shape);
        assertThat(r.from()).isCloseTo(from, within(1e-6));
        assertThat(r.to()).isCloseTo(to, within(1e-6));
        assertThat(r.perDevice()).isEqualTo(perDevice);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "100      | must be " + RateParser.FORMS,
        "fast     | must be " + RateParser.FORMS,
        "-5/s     | must be > 0 (" + RateParser.FORMS + ")",
        "0/s      | must be > 0",
        "5/day    | has an unknown time unit 'day' (write /s, /min, /h or a duration such as /5s); did you mean 5/24h?",
        "5/sec    | has an unknown time unit 'sec' (write /s, /min, /h or a duration such as /5s); did you mean 5/s?",
        "10/s per devices | has an unknown word 'devices'; did you mean '10/s per device'?",
        "1/s per  | has an unknown word 'per'; did you mean '1/s per device'?",
        "50/s posson | has an unknown word 'posson'; did you mean '50/s poisson'?",
        "every 5s per device | is per device already with every; write every 5s",
        "every five seconds | must give a duration after every, e.g. every 5s",
        "10/s ->  | must end a ramp with its final rate, e.g. 10/s -> 100/s",
        "1e12/s   | must be at most 10000000/s for the group",
        "2000/s per device | must be at most 1000/s per device",
        "1/1000h  | must be at least 1/24h"})
    void aWrongRateNamesTheTokenAndTheNearestValidForm(String text, String error) {
        assertThat(RateParser.parse(text).error()).isEqualTo(error);
    }

    @Test
    void ratesPrintAsAPersonWritesThem() {
        assertThat(parse("every 5s")).hasToString("12/min per device");
        assertThat(parse("10/s -> 50/s poisson")).hasToString("10/s -> 50/s poisson");
        assertThat(parse("1/2h")).hasToString("0.5/h");
        assertThat(parse("300/s").scaled(1.0 / 3)).hasToString("100/s");
        assertThat(parse("1/s per device").scaled(0.5)).hasToString("1/s per device");
    }

    @Test
    void evenSpacingIsExact() {
        Arrivals a = parse("200/s").arrivals(1, 0, 0);
        assertThat(a.offsetNanos(0)).isZero();
        assertThat(a.offsetNanos(1)).isEqualTo(5_000_000L);
        assertThat(a.offsetNanos(200)).isEqualTo(1_000_000_000L);
    }

    @Test
    void aPerDeviceRateIsTheGroupTotalSpreadOverItsDevices() {
        Rate r = parse("1/s per device");
        assertThat(r.totalFrom(1000)).isEqualTo(1000);
        assertThat(r.arrivals(1000, 0, 0).offsetNanos(1000)).isEqualTo(1_000_000_000L);
    }

    @Test
    void thereIsNoDriftOverALongRun() {
        assertThat(parse("1k/s").arrivals(1, 0, 0).offsetNanos(10_000_000L)).isEqualTo(10_000_000_000_000L);
    }

    @Test
    void aRampHasTheExpectedCountsAtHalfTimeAndAtTheEnd() {
        Rate r = parse("10/s -> 100/s");
        long phase = 60_000_000_000L;
        Arrivals a = r.arrivals(1, phase, 0);
        // operations by time t: r0 t + (r1 - r0) t^2 / 2T; at T/2 = 30 s: 300 + 90*900/120 = 975; at T: 3300
        assertThat(a.offsetNanos(975) / 1e9).isCloseTo(30.0, within(1e-6));
        assertThat(a.offsetNanos(3300) / 1e9).isCloseTo(60.0, within(1e-6));
        assertThat(r.expectedCount(1, phase)).isEqualTo(3300);
        long early = a.offsetNanos(11) - a.offsetNanos(10);
        long late = a.offsetNanos(3200) - a.offsetNanos(3199);
        assertThat(early).isGreaterThan(late * 5);
    }

    @Test
    void anEvenRampStaysEvenInItsOwnTime() {
        // the n-th arrival is exactly where the integral of the rate reaches n: every rescaled gap is 1
        long phase = 20_000_000_000L;
        Arrivals a = parse("5/s -> 80/s").arrivals(1, phase, 0);
        for (int n = 1; n < 850; n++) {
            double t = a.offsetNanos(n) / 1e9;
            assertThat(integral(5, 80, 20, t)).as("n=%d", n).isCloseTo(n, within(1e-3));
        }
    }

    @Test
    void aRampFromZeroStartsAndAFallingRampEnds() {
        Arrivals up = new RampRate(0, 100, false).arrivals(1, 10_000_000_000L, 0);
        assertThat(up.offsetNanos(0)).isZero();
        assertThat(up.offsetNanos(500) / 1e9).isCloseTo(10.0, within(1e-6));
        Arrivals down = new RampRate(100, 0, false).arrivals(1, 10_000_000_000L, 0);
        assertThat(down.offsetNanos(501)).as("past the end: the phase length, which start + offset cannot overflow")
                .isEqualTo(10_000_000_000L);
    }

    @Test
    void poissonArrivalsHaveExponentialGaps() {
        Arrivals a = parse("50/s poisson").arrivals(1, 0, 42);
        double[] gaps = new double[20_000];
        long previous = 0;
        for (int n = 0; n < gaps.length; n++) {
            long t = a.offsetNanos(n);
            gaps[n] = (t - previous) / 1e9 * 50; // in units of the mean gap: Exp(1)
            previous = t;
        }
        assertThat(Arrays.stream(gaps).average().orElseThrow()).isCloseTo(1.0, within(0.03));
        assertThat(ks(gaps)).isLessThan(1.63 / Math.sqrt(gaps.length));
    }

    @ParameterizedTest(name = "{0}/s -> {1}/s over {2} s")
    @CsvSource({"10, 200, 100, 7", "0, 100, 150, 8", "150, 5, 120, 9"})
    void aPoissonRampIsANonHomogeneousPoissonProcess(double r0, double r1, double seconds, long seed) {
        // time-rescaling theorem: with L(t) the integral of the intensity, L(t_k) - L(t_k-1) are i.i.d. Exp(1)
        Arrivals a = new PoissonRampRate(r0, r1, false).arrivals(1, (long) (seconds * 1e9), seed);
        List<Double> times = new ArrayList<>();
        for (int n = 0; ; n++) {
            long t = a.offsetNanos(n);
            if (t >= (long) (seconds * 1e9)) {
                break;
            }
            times.add(t / 1e9);
        }
        double expected = integral(r0, r1, seconds, seconds);
        assertThat((double) times.size()).isCloseTo(expected, within(4 * Math.sqrt(expected)));
        double[] rescaled = new double[times.size()];
        double[] homogeneous = new double[times.size()];
        double previous = 0;
        double previousTime = 0;
        for (int k = 0; k < times.size(); k++) {
            double l = integral(r0, r1, seconds, times.get(k));
            rescaled[k] = l - previous;
            homogeneous[k] = (times.get(k) - previousTime) * expected / seconds;
            previous = l;
            previousTime = times.get(k);
        }
        double critical = 1.63 / Math.sqrt(rescaled.length); // alpha = 0.01
        assertThat(ks(rescaled)).isLessThan(critical);
        // the same arrivals judged as an even-rate Poisson process are far off: the test can tell a ramp from none
        assertThat(ks(homogeneous)).isGreaterThan(3 * critical);
    }

    @Test
    void aPoissonWalkIsTheSameForEveryStreamAndAnyOrderOfQuestions() {
        Rate r = parse("10/s -> 40/s poisson");
        Arrivals one = r.arrivals(1, 60_000_000_000L, 3);
        Arrivals two = r.arrivals(1, 60_000_000_000L, 3);
        long tenth = one.offsetNanos(10);
        assertThat(one.offsetNanos(500)).isEqualTo(two.offsetNanos(500));
        assertThat(one.offsetNanos(10)).as("asked again after a later one").isEqualTo(tenth);
        long late = one.offsetNanos(2_000);
        assertThat(one.offsetNanos(1_990)).as("a little behind: from the recent ones")
                .isEqualTo(two.offsetNanos(1_990));
        assertThat(one.offsetNanos(2_000)).isEqualTo(late);
        assertThat(r.arrivals(1, 60_000_000_000L, 4).offsetNanos(500)).isNotEqualTo(two.offsetNanos(500));
    }

    /** The integral of a linear intensity from r0 to r1 over T, up to t. */
    private static double integral(double r0, double r1, double seconds, double t) {
        return r0 * t + (r1 - r0) * t * t / (2 * seconds);
    }

    /** Kolmogorov-Smirnov distance of a sample from Exp(1). */
    private static double ks(double[] sample) {
        double[] s = sample.clone();
        Arrays.sort(s);
        double d = 0;
        for (int i = 0; i < s.length; i++) {
            double cdf = 1 - Math.exp(-s[i]);
            d = Math.max(d, Math.max((i + 1.0) / s.length - cdf, cdf - (double) i / s.length));
        }
        return d;
    }
}
