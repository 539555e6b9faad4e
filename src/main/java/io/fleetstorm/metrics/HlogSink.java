package io.fleetstorm.metrics;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes the interval histograms to an HdrHistogram interval log ({@code latency.hlog}) while the run goes on:
 * corrected latency under the tag {@code GROUP.OPERATION} (e.g. {@code sensors.publish-ack}) and service time under
 * {@code GROUP.OPERATION.service}; values in nanoseconds. Readable by {@code HistogramLogReader} and
 * {@code HistogramLogProcessor -tag sensors.publish-ack -outputValueUnitRatio 1e6}.
 */
public final class HlogSink implements IntervalSink, AutoCloseable {

    /** The suffix of the service-time tags. */
    public static final String SERVICE_SUFFIX = ".service";

    private final PrintStream out;
    private final HistogramLogWriter writer;
    private boolean headerWritten;

    public HlogSink(Path file) {
        try {
            this.out = new PrintStream(file.toFile(), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        this.writer = new HistogramLogWriter(out);
    }

    @Override
    public synchronized void onInterval(IntervalSnapshot s) {
        if (!headerWritten) {
            long startMillis = s.startEpochMillis() - (s.startNanos() - s.runStartNanos()) / 1_000_000;
            writer.outputComment("fleetstorm scenario " + s.info().scenario() + ", run " + s.info().runId()
                    + "; values in nanoseconds");
            writer.outputLogFormatVersion();
            writer.outputStartTime(startMillis);
            writer.setBaseTime(startMillis);
            writer.outputBaseTime(startMillis);
            writer.outputLegend();
            headerWritten = true;
        }
        s.latencies().forEach((key, pair) -> {
            write(key.tag(), pair.corrected(), s);
            write(key.tag() + SERVICE_SUFFIX, pair.service(), s);
        });
        out.flush();
    }

    private void write(String tag, Histogram h, IntervalSnapshot s) {
        Histogram copy = h.copy();
        copy.setTag(tag);
        copy.setStartTimeStamp(s.startEpochMillis());
        copy.setEndTimeStamp(s.endEpochMillis());
        writer.outputIntervalHistogram(copy);
    }

    @Override
    public synchronized void close() {
        out.close();
    }
}
