package io.fleetstorm.cluster;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.CounterKey;
import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.GaugeValue;
import io.fleetstorm.metrics.GeneratorSample;
import io.fleetstorm.metrics.GroupOperation;
import io.fleetstorm.metrics.HlogSink;
import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.IntervalSnapshot;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.PhasePlan;
import io.fleetstorm.metrics.ProgressSink;
import io.fleetstorm.metrics.PrometheusSink;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.metrics.RunInfo;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.impl.codecs.StringMessageCodec;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * One controller fed the interval reports of N simulated agents (issue 19 item 6; bench/controller-scale.sh and
 * bench/README.md). Every second all N agents report at once, as agents that share the run's start instant do. Each
 * report is a real agent interval ({@link AgentInterval#encode}, the JSON text {@link AgentReportSink} sends) of an
 * agent running {@code devicesPerAgent} devices, carried as the clustered event bus carries it (the String codec's
 * wire bytes, decoded on the controller) to a consumer on a Vert.x event loop that does what {@link ClusterRun}'s
 * does: parse, {@link AgentInterval#decode}, {@link ClusterMerger#accept}. Once a second another thread runs
 * {@link ClusterMerger#tick} into the controller's sinks (progress line, hlog file, Prometheus registry).
 *
 * <p>Measured (JVM-internal clocks only for latencies; CPU from the threads' and the process's CPU time): controller
 * CPU per second of run (the process less the sender thread: consumer, tick, GC, JIT), the consumer and tick threads
 * alone, merge latency (from the second's reports being sent until each is merged: the last one is when the
 * controller has the whole second), and tick time.
 *
 * <pre>java -cp ... io.fleetstorm.cluster.ControllerScaleBench AGENTS [SECONDS] [DEVICES_PER_AGENT]</pre>
 */
public final class ControllerScaleBench {

    private static final String ADDRESS = "bench.reports";
    /** Distinct intervals per agent, cycled; more only costs memory (every one is decoded and merged anew). */
    private static final int CYCLE = 4;
    private static final int WARMUP_SECONDS = 8;

    private ControllerScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int agents = Integer.parseInt(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int devices = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            ids.add(String.format(Locale.ROOT, "agent-%04d", i));
        }
        RunInfo info = new RunInfo("controller-scale", "controller-scale-1", List.of("meters", "gateways"),
                List.of(new PhasePlan("steady", TimeUnit.SECONDS.toNanos(WARMUP_SECONDS + seconds + 5))));
        // the wire bytes of every report, made before the clock starts: the agents' side is not measured
        StringMessageCodec codec = new StringMessageCodec();
        Buffer[][] wire = new Buffer[agents][CYCLE];
        long bytes = 0;
        Random random = new Random(19);
        List<IntervalSnapshot> pool = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            pool.add(AgentIntervals.snapshot(info, k, devices, random));
        }
        for (int a = 0; a < agents; a++) {
            for (int c = 0; c < CYCLE; c++) {
                String text = AgentInterval.encode(ids.get(a), pool.get((a + c) % pool.size()), false).encode();
                Buffer b = Buffer.buffer();
                codec.encodeToWire(b, text);
                wire[a][c] = b;
                bytes += b.length();
            }
        }
        long bytesPerReport = bytes / ((long) agents * CYCLE);

        Path dir = Files.createTempDirectory("controller-scale");
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        long startNanos = System.nanoTime();
        try (PrometheusSink prometheus = new PrometheusSink(info, "127.0.0.1", -1);
                HlogSink hlog = new HlogSink(dir.resolve("run.hlog"))) {
            List<IntervalSink> sinks = List.of(new ProgressSink(nowhere, false, ProgressSink.DEFAULT_EVERY_NANOS),
                    hlog, prometheus);
            ClusterMerger merger = new ClusterMerger(info, sinks, ids, startNanos, System.currentTimeMillis());
            Vertx vertx = Vertx.vertx();
            Histogram mergeLatency = new Histogram(3);
            Histogram perReport = new Histogram(3);
            AtomicLong burstStart = new AtomicLong();
            AtomicLong received = new AtomicLong();
            Thread[] consumer = new Thread[1];
            CountDownLatch registered = new CountDownLatch(1);
            // the message names the wire bytes to decode: a Buffer sent on the local bus would be copied on delivery,
            // which the clustered bus does not do (it decodes what it read from the socket)
            vertx.eventBus().<Integer>consumer(ADDRESS, m -> {
                long t0 = System.nanoTime();
                consumer[0] = Thread.currentThread();
                String body = codec.decodeFromWire(0, wire[m.body() / CYCLE][m.body() % CYCLE]);
                JsonObject msg = new JsonObject(body);
                if ("interval".equals(msg.getString("type"))) {
                    merger.accept(AgentInterval.decode(msg));
                }
                long t1 = System.nanoTime();
                perReport.recordValue(t1 - t0);
                mergeLatency.recordValue(t1 - burstStart.get());
                received.incrementAndGet();
            }).completion().onComplete(r -> registered.countDown());
            registered.await(30, TimeUnit.SECONDS);

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            Histogram tickTime = new Histogram(3);
            long tickCpu = 0;
            long sent = 0;
            long cpu0 = 0;
            long consumerCpu0 = 0;
            long senderCpu0 = 0;
            long wall0 = 0;
            long next = System.nanoTime();
            for (int s = 0; s < WARMUP_SECONDS + seconds; s++) {
                if (s == WARMUP_SECONDS) { // the measured part starts: JIT and the histograms' growth are behind
                    mergeLatency.reset();
                    perReport.reset();
                    tickTime.reset();
                    tickCpu = 0;
                    cpu0 = os.getProcessCpuTime();
                    consumerCpu0 = consumer[0] == null ? 0 : threads.getThreadCpuTime(consumer[0].getId());
                    senderCpu0 = threads.getCurrentThreadCpuTime();
                    wall0 = System.nanoTime();
                }
                burstStart.set(System.nanoTime());
                for (int a = 0; a < agents; a++) {
                    vertx.eventBus().send(ADDRESS, a * CYCLE + s % CYCLE);
                    sent++;
                }
                next += 1_000_000_000L;
                long sleep = next - System.nanoTime() - 5_000_000L; // tick just before the next burst
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                merger.tick("steady", System.nanoTime(), System.currentTimeMillis());
                tickTime.recordValue(System.nanoTime() - t0);
                tickCpu += threads.getCurrentThreadCpuTime() - c0;
                sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.get() < sent && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            double wall = (System.nanoTime() - wall0) / 1e9;
            long senderCpu = threads.getCurrentThreadCpuTime() - senderCpu0 - tickCpu;
            double processCpu = (os.getProcessCpuTime() - cpu0 - senderCpu) / 1e9;
            double consumerCpu = (threads.getThreadCpuTime(consumer[0].getId()) - consumerCpu0) / 1e9;
            vertx.close().await();
            System.out.printf(Locale.ROOT, "{\"agents\": %d, \"devicesPerAgent\": %d, \"seconds\": %.1f, "
                    + "\"reportBytes\": %d, \"received\": %d, \"sent\": %d, "
                    + "\"controllerCores\": %.3f, \"consumerCores\": %.3f, \"tickCores\": %.3f, "
                    + "\"perReportMsP50\": %.3f, \"perReportMsP99\": %.3f, "
                    + "\"mergeLatencyMsP50\": %.1f, \"mergeLatencyMsP99\": %.1f, \"mergeLatencyMsMax\": %.1f, "
                    + "\"tickMsP50\": %.1f, \"tickMsMax\": %.1f}%n",
                    agents, devices, wall, bytesPerReport, received.get(), sent, processCpu / wall,
                    consumerCpu / wall, tickCpu / 1e9 / wall, perReport.getValueAtPercentile(50) / 1e6,
                    perReport.getValueAtPercentile(99) / 1e6, mergeLatency.getValueAtPercentile(50) / 1e6,
                    mergeLatency.getValueAtPercentile(99) / 1e6, mergeLatency.getMaxValue() / 1e6,
                    tickTime.getValueAtPercentile(50) / 1e6, tickTime.getMaxValue() / 1e6);
        }
    }

    /** Agent intervals of a realistic size: what an agent's collector reports each second. */
    static final class AgentIntervals {

        private AgentIntervals() {
        }

        /**
         * One second of an agent with {@code devices} devices in two groups: every device publishes QoS 1 once a
         * second (PUBACK latency, log-normal around 2 ms with a tail to seconds), a fraction reconnects, reports
         * and reads its shadow; counters and errors per group, gauges, two event loops' lag.
         */
        static IntervalSnapshot snapshot(RunInfo info, int seed, int devices, Random random) {
            Map<GroupOperation, LatencyHistograms> lat = new LinkedHashMap<>();
            Map<CounterKey, Long> counters = new LinkedHashMap<>();
            Map<ErrorKey, Long> errors = new LinkedHashMap<>();
            List<GaugeValue> gauges = new ArrayList<>();
            String[] groups = {"meters", "gateways"};
            int[] share = {devices * 9 / 10, devices / 10};
            for (int g = 0; g < groups.length; g++) {
                int n = share[g];
                record(lat, groups[g], Operation.PUBLISH_ACK, n, 2e6, 0.8, random);
                record(lat, groups[g], Operation.CONNECT, Math.max(1, n / 500), 30e6, 0.7, random);
                record(lat, groups[g], Operation.SUBSCRIBE, Math.max(1, n / 500), 3e6, 0.6, random);
                record(lat, groups[g], Operation.SHADOW_UPDATE, Math.max(1, n / 100), 6e6, 0.7, random);
                record(lat, groups[g], Operation.SHADOW_GET, Math.max(1, n / 400), 5e6, 0.7, random);
                record(lat, groups[g], Operation.SHADOW_DELTA, Math.max(1, n / 400), 40e6, 0.8, random);
                counters.put(new CounterKey(groups[g], Counter.MESSAGES_SENT, "telemetry", 1), (long) n);
                counters.put(new CounterKey(groups[g], Counter.BYTES_SENT, "telemetry", 1), 128L * n);
                counters.put(new CounterKey(groups[g], Counter.OPERATIONS_STARTED, "telemetry", 1), (long) n);
                counters.put(new CounterKey(groups[g], Counter.CONNECT_ATTEMPTS, "", 0), (long) n / 500);
                counters.put(new CounterKey(groups[g], Counter.CONNECTS_OK, "", 0), (long) n / 500);
                counters.put(new CounterKey(groups[g], Counter.DISCONNECTS, "", 0), (long) n / 500);
                counters.put(new CounterKey(groups[g], Counter.LATE_STARTS, "telemetry", 1), (long) seed);
                errors.put(new ErrorKey(groups[g], "timeout", "publish-ack"), (long) seed % 3);
                gauges.add(new GaugeValue("devices-connected", groups[g], n));
                gauges.add(new GaugeValue("inflight", groups[g], n / 50));
            }
            Histogram lag = LatencyHistograms.newHistogram();
            for (int i = 0; i < 2_000; i++) {
                lag.recordValue((long) (50_000 * Math.exp(random.nextGaussian())));
            }
            ResultSection run = new ResultSection();
            return new IntervalSnapshot(info, seed, "steady", 0, seed * 1_000_000_000L,
                    (seed + 1) * 1_000_000_000L, 1_800_000_000_000L + seed * 1000L,
                    1_800_000_001_000L + seed * 1000L, lat, counters, counters, errors, errors, gauges, lag,
                    new GeneratorSample(0.4, 200_000_000L, 1_000_000_000L, devices + 50L, 20_000), run, run);
        }

        private static void record(Map<GroupOperation, LatencyHistograms> lat, String group, Operation op, int count,
                double medianNanos, double sigma, Random random) {
            LatencyHistograms h = LatencyHistograms.empty();
            for (int i = 0; i < count; i++) {
                long service = (long) (medianNanos * Math.exp(sigma * random.nextGaussian()));
                // corrected: the service time plus how late the send started (mostly a little, sometimes a lot)
                long late = random.nextInt(1000) == 0 ? (long) (1e9 * random.nextDouble()) : random.nextInt(200_000);
                h.service().recordValue(Math.max(1, service));
                h.corrected().recordValue(Math.max(1, service + late));
            }
            lat.put(new GroupOperation(group, op), h);
        }
    }
}
