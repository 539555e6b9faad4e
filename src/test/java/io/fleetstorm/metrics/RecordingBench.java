package io.fleetstorm.metrics;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The hot-path cost of recording one operation (recordLatency: two histogram values; plus one message counter), on
 * one loop thread while the collector flips every 100 ms on another. Run by {@code bench/recording-cost.sh}; a
 * benchmark, not a test: it asserts nothing.
 */
public final class RecordingBench {

    private RecordingBench() {
    }

    public static void main(String[] args) throws Exception {
        long operations = args.length > 0 ? Long.parseLong(args[0]) : 50_000_000L;
        MetricsRegistry registry = new MetricsRegistry(new RunInfo("bench", "bench", List.of("a", "b"), List.of()));
        IntervalCollector collector = new IntervalCollector(registry, NanoClock.SYSTEM,
                TimeUnit.MILLISECONDS.toNanos(100));
        collector.start();
        LoopRecorder loop = registry.newLoopRecorder();
        Operation[] ops = {Operation.PUBLISH_ACK, Operation.ECHO, Operation.SHADOW_UPDATE, Operation.CONNECT};
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            long t = start;
            for (long i = 0; i < operations; i++) {
                // synthetic times spread over 0.1..50 ms, no clock read in the loop: only the recording is timed
                long latency = 100_000 + (i * 7919) % 50_000_000;
                loop.recordLatency((int) (i & 1), ops[(int) (i & 3)], t, t + 1000, t + latency);
                loop.count((int) (i & 1), Counter.MESSAGES_SENT, "telemetry", 1, 1);
            }
            long elapsed = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "round %d: %d operations in %.2f s: %.1f ns per operation "
                    + "(recordLatency + count)%n", round, operations, elapsed / 1e9, (double) elapsed / operations);
        }
        RunResult r = collector.finish(false, null);
        System.out.println("recorded " + r.run().completedOperations() + " operations");
    }
}
