package io.fleetstorm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hlog read back with HdrHistogram's own reader and processor gives exactly what was recorded. */
class HlogSinkTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @TempDir
    Path dir;

    @Test
    void theLogReadsBackWithHistogramLogReaderIntervalByIntervalAndTagByTag() throws Exception {
        FakeClock clock = new FakeClock();
        MetricsRegistry registry = new MetricsRegistry(
                new RunInfo("smoke", "run-1", List.of("sensors", "cams"), List.of()), new ScriptedProbe());
        IntervalCollector collector = new IntervalCollector(registry, clock, TimeUnit.SECONDS.toNanos(1));
        Path file = dir.resolve("latency.hlog");
        Map<String, Histogram> expected = new HashMap<>();
        try (HlogSink sink = new HlogSink(file)) {
            collector.addSink(sink);
            LoopRecorder loop = registry.newLoopRecorder();
            for (int interval = 0; interval < 3; interval++) {
                long now = clock.nanoTime();
                for (int i = 1; i <= 50 * (interval + 1); i++) {
                    loop.recordLatency(0, Operation.PUBLISH_ACK, now - MS, now, now + i * MS);
                    loop.recordLatency(1, Operation.CONNECT, now, now, now + 7 * i * MS);
                    expected.computeIfAbsent("sensors.publish-ack", k -> LatencyHistograms.newHistogram())
                            .recordValue((i + 1) * MS);
                    expected.computeIfAbsent("sensors.publish-ack.service", k -> LatencyHistograms.newHistogram())
                            .recordValue(i * MS);
                    expected.computeIfAbsent("cams.connect", k -> LatencyHistograms.newHistogram())
                            .recordValue(7 * i * MS);
                }
                clock.advanceMillis(1000);
                collector.flipNow();
            }
            collector.finish(false, null);
        }

        HistogramLogReader reader = new HistogramLogReader(file.toFile());
        Map<String, Histogram> read = new HashMap<>();
        Map<String, Integer> intervals = new HashMap<>();
        EncodableHistogram e;
        while ((e = reader.nextIntervalHistogram()) != null) {
            Histogram h = (Histogram) e;
            read.computeIfAbsent(h.getTag(), k -> LatencyHistograms.newHistogram()).add(h);
            intervals.merge(h.getTag(), 1, Integer::sum);
            if (h.getTag().equals("sensors.publish-ack") && intervals.get(h.getTag()) == 2) {
                assertThat(h.getTotalCount()).isEqualTo(100);
                assertThat(h.getStartTimeStamp()).isEqualTo(FakeClock.START_MILLIS + 1000);
                assertThat(h.getEndTimeStamp()).isEqualTo(FakeClock.START_MILLIS + 2000);
            }
        }
        assertThat(intervals).containsEntry("sensors.publish-ack", 3).containsEntry("cams.connect.service", 3);
        for (String tag : expected.keySet()) {
            assertThat(read.get(tag)).as(tag).isEqualTo(expected.get(tag));
            assertThat(read.get(tag).getValueAtPercentile(99.9)).isEqualTo(expected.get(tag).getValueAtPercentile(99.9));
        }
        assertThat(read.get("sensors.publish-ack").getTotalCount()).isEqualTo(300);
    }

    @Test
    void histogramLogProcessorSummarisesATagInMilliseconds() throws Exception {
        FakeClock clock = new FakeClock();
        MetricsRegistry registry = new MetricsRegistry(
                new RunInfo("smoke", "run-1", List.of("sensors"), List.of()), new ScriptedProbe());
        IntervalCollector collector = new IntervalCollector(registry, clock, TimeUnit.SECONDS.toNanos(1));
        Path file = dir.resolve("p.hlog");
        Histogram expected = LatencyHistograms.newHistogram();
        try (HlogSink sink = new HlogSink(file)) {
            collector.addSink(sink);
            LoopRecorder loop = registry.newLoopRecorder();
            long now = clock.nanoTime();
            for (int i = 1; i <= 1000; i++) {
                loop.recordLatency(0, Operation.ECHO, now, now, now + i * MS);
                expected.recordValue(i * MS);
            }
            clock.advanceMillis(1000);
            collector.finish(false, null);
        }
        Path out = dir.resolve("processed");
        new HistogramLogProcessor(new String[] {"-i", file.toString(), "-o", out.toString(), "-tag", "sensors.echo",
                "-outputValueUnitRatio", "1e6"}).run();
        String percentiles = java.nio.file.Files.readString(Path.of(out + ".hgrm"));
        assertThat(percentiles).contains(String.format("#[Max     = %12.3f, Total count    = %12d]",
                expected.getMaxValue() / 1e6, 1000));
        assertThat(percentiles).contains(String.format("%12.3f %2.12f %10d %14.2f",
                expected.getValueAtPercentile(50) / 1e6, 0.5, 500, 2.0));
    }
}
