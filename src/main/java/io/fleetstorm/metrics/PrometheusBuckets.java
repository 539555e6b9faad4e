package io.fleetstorm.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Prometheus bucket counts computed from HdrHistogram intervals. The bucket bounds grow by {@link #FACTOR} from
 * {@link #LOWEST_SECONDS} to at least {@link #HIGHEST_SECONDS} (141 buckets plus +Inf), so {@code histogram_quantile}
 * interpolates within a bucket at most 10% wide: its error against HdrHistogram is below 10% by construction and
 * measured at about 1-3% (PrometheusIT).
 */
public final class PrometheusBuckets {

    public static final double LOWEST_SECONDS = 100e-6;
    public static final double HIGHEST_SECONDS = 60;
    public static final double FACTOR = 1.1;

    private static final double[] BOUNDS = bounds();

    private final long[] counts = new long[BOUNDS.length + 1];
    private double sumSeconds;

    /** The upper bounds in seconds, ascending, rounded to 4 significant digits (without +Inf). */
    public static double[] upperBounds() {
        return BOUNDS.clone();
    }

    private static double[] bounds() {
        List<Double> b = new ArrayList<>();
        for (double v = LOWEST_SECONDS; ; v *= FACTOR) {
            b.add(new BigDecimal(v).round(new MathContext(4)).doubleValue());
            if (v >= HIGHEST_SECONDS) {
                break;
            }
        }
        return b.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Adds a histogram of nanosecond values. */
    public void add(Histogram h) {
        for (HistogramIterationValue v : h.recordedValues()) {
            double seconds = v.getValueIteratedTo() / 1e9;
            int i = java.util.Arrays.binarySearch(BOUNDS, seconds);
            int bucket = i >= 0 ? i : -i - 1;
            counts[bucket] += v.getCountAtValueIteratedTo();
            sumSeconds += h.medianEquivalentValue(v.getValueIteratedTo()) / 1e9 * v.getCountAtValueIteratedTo();
        }
    }

    /** Non-cumulative counts per bucket; the last is +Inf. */
    public long[] counts() {
        return counts.clone();
    }

    public double sumSeconds() {
        return sumSeconds;
    }
}
