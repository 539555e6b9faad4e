package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.report.RunReport;
import io.fleetstorm.report.SummaryReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --shard I/N} three times, then {@code report} over the slices: exact counts and histograms. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShardRunIT {

    private static final String SCENARIO = """
            name: shard-it
            groups:
              - name: sensors
                productId: SHARDIT001
                count: 60
                credentials: {productSecret: s}
            phases:
              - name: connect
                duration: 2s
                sensors:
                  connect: {rate: 60/s}
              - name: steady
                duration: 3s
                sensors:
                  telemetry: {rate: 1/s per device, qos: 1}
                  echo: {rate: 30/s}
            acceptSaturation: true
            """;

    @Test
    void threeSlicesMergeIntoTheWholeFleetExactly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, SCENARIO);
        Histogram union = LatencyHistograms.newHistogram();
        for (int i = 1; i <= 3; i++) {
            Path out = dir.resolve("shard" + i);
            CliRunner r = CliRunner.run("run", file.toString(), "--shard", i + "/3", "--output", out.toString(),
                    "--metrics-port", "-1");
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("20 device(s)");
            RunReport slice = SummaryReader.read(out);
            assertThat(slice.result().run().counter(Counter.CONNECTS_OK)).isEqualTo(20);
            assertThat(slice.result().info().runId()).endsWith("-shard-" + i + "of3");
            union.add(slice.result().run().latency(Operation.PUBLISH_ACK, null).corrected());
        }
        Path merged = dir.resolve("merged");
        CliRunner r = CliRunner.run("report", dir.resolve("shard1").toString(), dir.resolve("shard2").toString(),
                dir.resolve("shard3").toString(), "--out", merged.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        RunReport all = SummaryReader.read(merged);
        assertThat(all.result().run().counter(Counter.CONNECTS_OK)).as("every device connected once").isEqualTo(60);
        // 3 s x 60 devices x 1/s telemetry + 3 s x 30/s echo (10/s per slice), all QoS 1
        assertThat(all.result().run().latency(Operation.PUBLISH_ACK, null).corrected().getTotalCount())
                .isEqualTo(180 + 90);
        assertThat(all.result().run().latency(Operation.PUBLISH_ACK, null).corrected()).isEqualTo(union);
        assertThat(all.sources()).hasSize(3);
    }

    @Test
    void aShardOutOfRangeIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, SCENARIO);
        CliRunner r = CliRunner.run("run", file.toString(), "--shard", "3/2");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fleetstorm: --shard must be I/N with 1 <= I <= N (e.g. 2/3), but was '3/2'\n");
        r = CliRunner.run("run", file.toString(), "--shard", "1/61");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fleetstorm: --shard 1/61: group sensors has 60 device(s), fewer than the 61 "
                + "shards: every shard needs at least one device of every group\n");
    }
}
