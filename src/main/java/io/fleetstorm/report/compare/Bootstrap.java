package io.fleetstorm.report.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Run-to-run noise by a moving-block bootstrap over interval histograms: each run's intervals are grouped into at
 * most {@value #MAX_BLOCKS} blocks of consecutive intervals (so the slow drift and bursts within a run stay
 * together), each resample draws as many blocks with replacement from each run, merges them and takes the statistic;
 * the interval of the change (current minus baseline) is read from the resampled differences' quantiles. Whole
 * histograms are resampled, never their percentiles. Seeded, so the same two runs always give the same answer.
 */
final class Bootstrap {

    static final int MAX_BLOCKS = 50;
    static final int RESAMPLES = 1000;
    private static final long SEED = 0x5eedL;

    /** A statistic of a distribution given as counts over sorted values (nanoseconds), or of a rate. */
    interface Statistic {
        double of(long[] values, long[] counts, long total, double seconds);
    }

    /** An interval of the change, in the statistic's unit. */
    record Interval(double low, double high) {
    }

    /** One block: counts at indexes of the shared value table, and the seconds it covers. */
    private record Block(int[] index, long[] counts, long total, double seconds) {
    }

    private Bootstrap() {
    }

    /** The {@code p}-th percentile (100 = max) in seconds. */
    static Statistic percentile(double p) {
        return (values, counts, total, seconds) -> {
            if (total == 0) {
                return Double.NaN;
            }
            long rank = p >= 100 ? total : Math.max(1, (long) Math.ceil(p / 100 * total));
            long seen = 0;
            for (int i = 0; i < values.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return values[i] / 1e9;
                }
            }
            return values[values.length - 1] / 1e9;
        };
    }

    /** The mean in seconds. */
    static Statistic mean() {
        return (values, counts, total, seconds) -> {
            if (total == 0) {
                return Double.NaN;
            }
            double sum = 0;
            for (int i = 0; i < values.length; i++) {
                sum += (double) values[i] * counts[i];
            }
            return sum / total / 1e9;
        };
    }

    /** Completions per second. */
    static Statistic rate() {
        return (values, counts, total, seconds) -> seconds <= 0 ? Double.NaN : total / seconds;
    }

    /**
     * The {@code confidence} interval of {@code statistic(current) - statistic(baseline)}; null when either side has
     * no interval with data.
     */
    static Interval difference(List<ComparedRun.Interval> baseline, List<ComparedRun.Interval> current,
            Statistic statistic, double confidence) {
        TreeSet<Long> distinct = new TreeSet<>();
        for (List<ComparedRun.Interval> side : List.of(baseline, current)) {
            for (ComparedRun.Interval i : side) {
                for (HistogramIterationValue v : i.histogram().recordedValues()) {
                    distinct.add(v.getValueIteratedTo());
                }
            }
        }
        long[] values = distinct.stream().mapToLong(Long::longValue).toArray();
        List<Block> a = blocks(baseline, values);
        List<Block> b = blocks(current, values);
        if (a.isEmpty() || b.isEmpty()) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(SEED);
        double[] diffs = new double[RESAMPLES];
        long[] counts = new long[values.length];
        int n = 0;
        for (int r = 0; r < RESAMPLES; r++) {
            double x = resample(a, values, counts, statistic, random);
            double y = resample(b, values, counts, statistic, random);
            if (!Double.isNaN(x) && !Double.isNaN(y)) {
                diffs[n++] = y - x;
            }
        }
        if (n == 0) {
            return null;
        }
        double[] d = Arrays.copyOf(diffs, n);
        Arrays.sort(d);
        double tail = (1 - confidence) / 2;
        return new Interval(d[(int) Math.floor(tail * (n - 1))], d[(int) Math.ceil((1 - tail) * (n - 1))]);
    }

    private static double resample(List<Block> blocks, long[] values, long[] counts, Statistic statistic,
            SplittableRandom random) {
        Arrays.fill(counts, 0);
        long total = 0;
        double seconds = 0;
        for (int k = 0; k < blocks.size(); k++) {
            Block block = blocks.get(random.nextInt(blocks.size()));
            for (int j = 0; j < block.index.length; j++) {
                counts[block.index[j]] += block.counts[j];
            }
            total += block.total;
            seconds += block.seconds;
        }
        return statistic.of(values, counts, total, seconds);
    }

    /** Consecutive intervals grouped into at most {@link #MAX_BLOCKS} blocks of near-equal length. */
    private static List<Block> blocks(List<ComparedRun.Interval> intervals, long[] values) {
        List<Block> out = new ArrayList<>();
        int n = intervals.size();
        int blocks = Math.min(MAX_BLOCKS, n);
        for (int k = 0; k < blocks; k++) {
            int from = (int) ((long) k * n / blocks);
            int to = (int) ((long) (k + 1) * n / blocks);
            Histogram merged = new Histogram(3);
            double seconds = 0;
            for (int i = from; i < to; i++) {
                merged.add(intervals.get(i).histogram());
                seconds += intervals.get(i).seconds();
            }
            List<Integer> idx = new ArrayList<>();
            List<Long> cnt = new ArrayList<>();
            for (HistogramIterationValue v : merged.recordedValues()) {
                int at = Arrays.binarySearch(values, v.getValueIteratedTo());
                idx.add(at >= 0 ? at : Math.min(values.length - 1, -at - 1));
                cnt.add(v.getCountAtValueIteratedTo());
            }
            out.add(new Block(idx.stream().mapToInt(Integer::intValue).toArray(),
                    cnt.stream().mapToLong(Long::longValue).toArray(), merged.getTotalCount(), seconds));
        }
        return out;
    }
}
