package io.fleetstorm.report.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Run-to-run noise from interval histograms, two ways over the same blocks: a block permutation test (is the change
 * significant?) and a block bootstrap (how large is it?). For the bootstrap each run's intervals are grouped into at
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
        long[] values = valueTable(baseline, current);
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

    /**
     * A block permutation test: are both runs' blocks of intervals from one process? The blocks of both runs are
     * pooled and split at random into groups of the runs' sizes, {@value #RESAMPLES} times; the p-values say how often
     * a random split differs at least as much as the runs do (two-sided, and one-sided upwards and downwards). A
     * hiccup in a few intervals of one run (a GC pause, a busy neighbour) is as likely in either group, so it does
     * not make a difference significant; a shift of every interval does. Null when either side has no interval.
     */
    static Permutation permutation(List<ComparedRun.Interval> baseline, List<ComparedRun.Interval> current,
            Statistic statistic) {
        long[] values = valueTable(baseline, current);
        List<Block> a = blocks(baseline, values);
        List<Block> b = blocks(current, values);
        if (a.isEmpty() || b.isEmpty()) {
            return null;
        }
        long[] counts = new long[values.length];
        double observed = merged(b, values, counts, statistic) - merged(a, values, counts, statistic);
        if (Double.isNaN(observed)) {
            return null;
        }
        List<Block> pool = new ArrayList<>(a);
        pool.addAll(b);
        SplittableRandom random = new SplittableRandom(SEED);
        int up = 0;
        int down = 0;
        int both = 0;
        int n = 0;
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = pool.size() - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                Block t = pool.get(i);
                pool.set(i, pool.get(j));
                pool.set(j, t);
            }
            double d = merged(pool.subList(a.size(), pool.size()), values, counts, statistic)
                    - merged(pool.subList(0, a.size()), values, counts, statistic);
            if (Double.isNaN(d)) {
                continue;
            }
            n++;
            up += d >= observed ? 1 : 0;
            down += d <= observed ? 1 : 0;
            both += Math.abs(d) >= Math.abs(observed) ? 1 : 0;
        }
        return new Permutation(observed, (1.0 + both) / (n + 1), (1.0 + up) / (n + 1), (1.0 + down) / (n + 1));
    }

    /** A permutation test's outcome: the observed change and its p-values. */
    record Permutation(double observed, double pTwoSided, double pUp, double pDown) {
    }

    private static double merged(List<Block> blocks, long[] values, long[] counts, Statistic statistic) {
        Arrays.fill(counts, 0);
        long total = 0;
        double seconds = 0;
        for (Block block : blocks) {
            for (int j = 0; j < block.index.length; j++) {
                counts[block.index[j]] += block.counts[j];
            }
            total += block.total;
            seconds += block.seconds;
        }
        return statistic.of(values, counts, total, seconds);
    }

    private static long[] valueTable(List<ComparedRun.Interval> baseline, List<ComparedRun.Interval> current) {
        TreeSet<Long> distinct = new TreeSet<>();
        for (List<ComparedRun.Interval> side : List.of(baseline, current)) {
            for (ComparedRun.Interval i : side) {
                for (HistogramIterationValue v : i.histogram().recordedValues()) {
                    distinct.add(v.getValueIteratedTo());
                }
            }
        }
        return distinct.stream().mapToLong(Long::longValue).toArray();
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
