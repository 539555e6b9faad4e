package io.fleetstorm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian package {@code prometheus}, started here on loopback) scrapes the /metrics endpoint: the
 * dashboard series exist, {@code histogram_quantile} agrees with HdrHistogram within the stated error, and
 * {@code promtool check metrics} accepts the exposition.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PrometheusIT {

    /** The error bound stated in docs/reports.md: histogram_quantile vs HdrHistogram, relative. */
    static final double STATED_ERROR = 0.02;
    private static final long US = TimeUnit.MICROSECONDS.toNanos(1);
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheSeriesAndHistogramQuantileMatchesHdrHistogram() throws Exception {
        Path prometheus = binary("prometheus");
        Path promtool = binary("promtool");
        FakeClock clock = new FakeClock();
        MetricsRegistry registry = new MetricsRegistry(new RunInfo("smoke", "run-1", List.of("sensors"),
                List.of(new PhasePlan("steady", 0))), new ScriptedProbe());
        IntervalCollector collector = new IntervalCollector(registry, clock, TimeUnit.SECONDS.toNanos(1));
        registry.gauge(MetricNames.DEVICES_CONNECTED, "sensors", new AtomicLong(250)::get);
        try (PrometheusSink sink = new PrometheusSink(registry.info(), "127.0.0.1", 0)) {
            collector.addSink(sink);
            collector.phaseStarted("steady");
            LoopRecorder loop = registry.newLoopRecorder();
            Random random = new Random(42);
            long now = clock.nanoTime();
            for (int i = 0; i < 50_000; i++) {
                // log-normal around 20 ms with a long tail: exp(N(ln 20ms, 0.8))
                long latency = (long) (Math.exp(Math.log(20_000) + 0.8 * random.nextGaussian()) * US);
                loop.recordLatency(0, Operation.PUBLISH_ACK, now, now + latency / 4, now + latency);
            }
            loop.count(0, Counter.MESSAGES_SENT, "telemetry", 1, 50_000);
            loop.error(0, "connack", "0x05");
            registry.recordLoopLag(3 * TimeUnit.MILLISECONDS.toNanos(1));
            clock.advanceMillis(1000);
            collector.flipNow();
            Histogram hdr = collector.finish(false, null).run().latency(Operation.PUBLISH_ACK, null).corrected();

            Process lint = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            lint.getOutputStream().write(sink.scrape().getBytes(StandardCharsets.UTF_8));
            lint.getOutputStream().close();
            String lintOutput = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(lint.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(lint.exitValue()).as("promtool check metrics: " + lintOutput).isZero();

            int promPort = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                    + "scrape_configs:\n  - job_name: fleetstorm\n    static_configs:\n"
                    + "      - targets: ['127.0.0.1:" + sink.port() + "']\n");
            File log = dir.resolve("prometheus.log").toFile();
            Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                    "--web.listen-address=127.0.0.1:" + promPort, "--storage.tsdb.path=" + dir.resolve("data"))
                    .redirectErrorStream(true).redirectOutput(log).start();
            try {
                String base = "http://127.0.0.1:" + promPort;
                JsonArray count = awaitResult(base, "fleetstorm_operation_latency_seconds_count", log);
                assertThat(count.getJsonObject(0).getJsonObject("metric").getMap()).containsEntry("group", "sensors")
                        .containsEntry("operation", "publish-ack").containsEntry("phase", "steady")
                        .containsEntry("scenario", "smoke").containsEntry("job", "fleetstorm");
                assertThat(value(count)).isEqualTo(50_000);
                for (String series : List.of("fleetstorm_messages_sent_total", "fleetstorm_errors_total",
                        "fleetstorm_devices_connected", "fleetstorm_generator_cpu_ratio",
                        "fleetstorm_generator_open_sockets", "fleetstorm_generator_sockets_limit",
                        "fleetstorm_run_phase_info", "fleetstorm_generator_event_loop_lag_seconds_bucket",
                        "fleetstorm_operation_service_time_seconds_bucket")) {
                    assertThat(query(base, series)).as(series).isNotEmpty();
                }
                assertThat(value(query(base, "fleetstorm_messages_sent_total"))).isEqualTo(50_000);
                assertThat(value(query(base, "fleetstorm_devices_connected"))).isEqualTo(250);
                StringBuilder measured = new StringBuilder();
                for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
                    double prom = value(query(base, String.format(Locale.ROOT, "histogram_quantile(%s, sum by (le) "
                            + "(fleetstorm_operation_latency_seconds_bucket{operation=\"publish-ack\"}))", q)));
                    double expected = hdr.getValueAtPercentile(q * 100) / 1e9;
                    double error = Math.abs(prom - expected) / expected;
                    measured.append(String.format(Locale.ROOT, "p%s: prometheus %.5fs, hdrhistogram %.5fs, error "
                            + "%.2f%%%n", q * 100, prom, expected, error * 100));
                    assertThat(error).as(measured.toString()).isLessThan(STATED_ERROR);
                }
                System.out.print("histogram_quantile vs HdrHistogram:\n" + measured);
            } finally {
                server.destroy();
                if (!server.waitFor(20, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void thePushgatewaySinkPostsTheExpositionPeriodicallyAndAtTheEnd() throws Exception {
        List<String> pushes = new CopyOnWriteArrayList<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            pushes.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        gateway.start();
        try {
            FakeClock clock = new FakeClock();
            MetricsRegistry registry = new MetricsRegistry(new RunInfo("smoke", "run-42", List.of("g"), List.of()),
                    new ScriptedProbe());
            IntervalCollector collector = new IntervalCollector(registry, clock, TimeUnit.SECONDS.toNanos(1));
            try (PrometheusSink sink = new PrometheusSink(registry.info(), "127.0.0.1", -1)) {
                collector.addSink(sink).addSink(new PushgatewaySink(sink,
                        "http://127.0.0.1:" + gateway.getAddress().getPort() + "/", "run-42", 2));
                LoopRecorder loop = registry.newLoopRecorder();
                for (int i = 0; i < 4; i++) {
                    loop.count(0, Counter.MESSAGES_SENT, "telemetry", 0, 10);
                    clock.advanceMillis(1000);
                    collector.flipNow();
                }
                collector.finish(false, null);
            }
            assertThat(pushes).hasSize(3);
            assertThat(pushes.get(0)).startsWith("POST /metrics/job/fleetstorm/instance/run-42\n");
            assertThat(pushes.get(2)).contains("fleetstorm_messages_sent_total{behaviour=\"telemetry\",group=\"g\","
                    + "phase=\"run\",qos=\"0\",run=\"run-42\",scenario=\"smoke\"} 40.0");
        } finally {
            gateway.stop(0);
        }
    }

    @Test
    void aRealPushgatewayServesTheLastPushUnderTheRunsInstance() throws Exception {
        int port = freePort();
        Path dataDir = Files.createTempDirectory("pushgateway");
        File log = dataDir.resolve("pushgateway.log").toFile();
        Process gateway = new ProcessBuilder(binary("prometheus-pushgateway").toString(),
                "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(log).start();
        String base = "http://127.0.0.1:" + port;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (java.io.IOException notYetUp) {
                    // starting
                }
                assertThat(System.nanoTime()).as(Files.readString(log.toPath())).isLessThan(deadline);
                Thread.sleep(50);
            }
            FakeClock clock = new FakeClock();
            MetricsRegistry registry = new MetricsRegistry(new RunInfo("smoke", "ci-7", List.of("g"), List.of()),
                    new ScriptedProbe());
            IntervalCollector collector = new IntervalCollector(registry, clock, TimeUnit.SECONDS.toNanos(1));
            try (PrometheusSink sink = new PrometheusSink(registry.info(), "127.0.0.1", -1)) {
                PushgatewaySink push = new PushgatewaySink(sink, base, "ci-7", 10);
                collector.addSink(sink).addSink(push);
                LoopRecorder loop = registry.newLoopRecorder();
                for (int i = 0; i < 3; i++) {
                    loop.count(0, Counter.MESSAGES_SENT, "telemetry", 1, 7);
                    loop.recordLatency(0, Operation.PUBLISH_ACK, 0, 1_000_000, 2_000_000);
                    clock.advanceMillis(1000);
                    collector.flipNow();
                }
                collector.finish(false, null);
            }
            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).as("the final push, as Prometheus would scrape it from the gateway")
                    .contains("fleetstorm_messages_sent_total{behaviour=\"telemetry\",group=\"g\",instance=\"ci-7\","
                            + "job=\"fleetstorm\",phase=\"run\",qos=\"1\",run=\"ci-7\",scenario=\"smoke\"} 21")
                    .contains("fleetstorm_operation_latency_seconds_count{group=\"g\",instance=\"ci-7\","
                            + "job=\"fleetstorm\",operation=\"publish-ack\",phase=\"run\",run=\"ci-7\","
                            + "scenario=\"smoke\"} 3")
                    .containsPattern("push_time_seconds\\{instance=\"ci-7\",job=\"fleetstorm\"\\} \\S+");
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(10, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
    }

    private JsonArray awaitResult(String base, String query, File log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                JsonArray result = query(base, query);
                if (!result.isEmpty()) {
                    return result;
                }
            } catch (java.io.IOException notYetUp) {
                // Prometheus is still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no sample of " + query + " within 60 s; Prometheus log:\n"
                + Files.readString(log.toPath()));
    }

    private JsonArray query(String base, String promql) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("status")).as(r.body()).isEqualTo("success");
        return body.getJsonObject("data").getJsonArray("result");
    }

    private static double value(JsonArray result) {
        return Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
    }

    private static Path binary(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError(name + " not found on PATH: install the Debian packages 'prometheus' and "
                + "'prometheus-pushgateway' (apt-get install -y --no-install-recommends ...; .ci/run does)");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
