package io.fleetstorm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The exposition without a socket: catalogue names, base units, labels, bucket counts from the HdrHistogram. */
class PrometheusSinkTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void theExpositionHasTheCatalogueNamesLabelsAndBucketCounts() throws Exception {
        FakeClock clock = new FakeClock();
        MetricsRegistry registry = new MetricsRegistry(new RunInfo("smoke", "run-1", List.of("sensors"),
                List.of(new PhasePlan("ramp", 0), new PhasePlan("steady", 0))), new ScriptedProbe());
        IntervalCollector collector = new IntervalCollector(registry, clock, 1000 * MS);
        registry.gauge(MetricNames.DEVICES_CONNECTED, "sensors", new AtomicLong(17)::get);
        try (PrometheusSink sink = new PrometheusSink(registry.info(), "127.0.0.1", -1)) {
            collector.addSink(sink);
            LoopRecorder loop = registry.newLoopRecorder();
            collector.phaseStarted("ramp");
            long now = clock.nanoTime();
            for (int i = 1; i <= 100; i++) {
                loop.recordLatency(0, Operation.PUBLISH_ACK, now, now, now + i * MS);
            }
            loop.count(0, Counter.MESSAGES_SENT, "telemetry", 1, 100);
            loop.count(0, Counter.BYTES_SENT, "telemetry", 1, 2500);
            loop.error(0, "connack", "0x05");
            registry.recordLoopLag(2 * MS);
            clock.advanceMillis(1000);
            collector.phaseStarted("steady");
            String text = sink.scrape();

            String labels = "group=\"sensors\",operation=\"publish-ack\",phase=\"ramp\",run=\"run-1\",scenario=\"smoke\"";
            assertThat(text).contains("# TYPE fleetstorm_operation_latency_seconds histogram",
                    "fleetstorm_operation_latency_seconds_count{" + labels + "} 100",
                    "fleetstorm_operation_latency_seconds_bucket{" + labels + ",le=\"+Inf\"} 100",
                    "fleetstorm_operation_service_time_seconds_count{" + labels + "} 100",
                    "fleetstorm_messages_sent_total{behaviour=\"telemetry\",group=\"sensors\",phase=\"ramp\",qos=\"1\","
                            + "run=\"run-1\",scenario=\"smoke\"} 100.0",
                    "fleetstorm_sent_bytes_total{behaviour=\"telemetry\",group=\"sensors\",phase=\"ramp\",qos=\"1\","
                            + "run=\"run-1\",scenario=\"smoke\"} 2500.0",
                    "fleetstorm_errors_total{group=\"sensors\",kind=\"connack\",phase=\"ramp\",reason=\"0x05\","
                            + "run=\"run-1\",scenario=\"smoke\"} 1.0",
                    "fleetstorm_devices_connected{group=\"sensors\",run=\"run-1\",scenario=\"smoke\"} 17.0",
                    "fleetstorm_generator_event_loop_lag_seconds_count{run=\"run-1\",scenario=\"smoke\"} 1",
                    "fleetstorm_generator_cpu_ratio{run=\"run-1\",scenario=\"smoke\"} 0.1",
                    "fleetstorm_generator_open_sockets{run=\"run-1\",scenario=\"smoke\"} 42.0",
                    "fleetstorm_generator_sockets_limit{run=\"run-1\",scenario=\"smoke\"} 20000.0",
                    "fleetstorm_run_phase_info{phase=\"ramp\",run=\"run-1\",scenario=\"smoke\"} 1");
            // 1..100 ms: the bucket le=0.05394 holds exactly the 53 values up to 53 ms
            assertThat(text).contains("fleetstorm_operation_latency_seconds_bucket{" + labels + ",le=\"0.05394\"} 53",
                    "fleetstorm_operation_latency_seconds_bucket{" + labels + ",le=\"1.0E-4\"} 0");
            assertThat(text).doesNotContain("phase=\"steady\"");
            clock.advanceMillis(1000);
            collector.flipNow();
            assertThat(sink.scrape()).contains("fleetstorm_run_phase_info{phase=\"steady\",run=\"run-1\",scenario=\"smoke\"} 1")
                    .doesNotContain("fleetstorm_run_phase_info{phase=\"ramp\"");
            assertThat(text).doesNotContainPattern("[{,]device[a-z_]*=");
        }
    }

    @Test
    void bucketsGrowByTenPercentFrom100MicrosecondsToAMinute() {
        double[] b = PrometheusBuckets.upperBounds();
        assertThat(b[0]).isEqualTo(1e-4);
        assertThat(b[b.length - 1]).isGreaterThanOrEqualTo(60);
        assertThat(b[b.length - 2]).isLessThan(60);
        assertThat(b).hasSize(141);
        for (int i = 1; i < b.length; i++) {
            assertThat(b[i] / b[i - 1]).isBetween(1.099, 1.101);
        }
    }
}
