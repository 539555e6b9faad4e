package io.fleetstorm;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboards in {@code dashboards/} against the real thing, through the scripts in
 * {@code dashboards/check/} (node; npm packages installed into {@code dashboards/check/node_modules}, git-ignored):
 * they validate against Grafana's schema ({@code @grafana/schema} types as JSON Schema), every query parses with
 * {@code promtool}, and every query returns data from a real Prometheus that scraped a real short fleetstorm run
 * ({@code src/test/resources/dashboards/dashboard-check.yaml}); the fleet overview is rendered with that data in
 * headless Chromium. A dashboard with planted faults shows that each check can fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DashboardsIT {

    static final Path DASHBOARDS = Path.of("dashboards");
    static final Path CHECK = DASHBOARDS.resolve("check");
    static final Path WORK = Path.of("target", "dashboards");
    static final Path PLANTED = Path.of("src", "test", "resources", "dashboards", "planted-faults.json");
    static final Path SCENARIO = Path.of("src", "test", "resources", "dashboards", "dashboard-check.yaml");
    /** The dashboards over run series, and the one over the embedded hub's own series. */
    static final List<String> RUN_DASHBOARDS = List.of("fleet-overview.json", "device-services.json",
            "generator-health.json");
    static final String HUB_DASHBOARD = "hub.json";
    /** The dashboard of a capacity search, checked against a real search of its own. */
    static final String CAPACITY_DASHBOARD = "capacity-search.json";
    static final Path CAPACITY_SCENARIO = Path.of("src", "test", "resources", "dashboards", "capacity-check.yaml");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process prometheus;
    private String prometheusUrl;
    private long windowStart;
    private long windowEnd;
    private final String runId = "dashboards-it";
    private final String searchId = "dashboards-capacity-it";
    private long searchStart;
    private long searchEnd;

    @BeforeAll
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void installTheCheckToolsAndScrapeARun() throws Exception {
        Files.createDirectories(WORK);
        installNodeModules();
        Path schemas = WORK.resolve("schemas");
        if (!Files.exists(schemas.resolve("Dashboard.json"))) {
            long t = System.nanoTime();
            assertSucceeds(exec(CHECK, 120, "node", "gen-schemas.mjs", schemas.toAbsolutePath().toString()));
            System.out.printf("dashboards: JSON Schemas from @grafana/schema in %.1f s%n", seconds(t));
        }
        startPrometheusAndRunTheScenario();
    }

    @AfterAll
    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theDashboardFilesAreWhatTheGeneratorWrites() throws Exception {
        assertSucceeds(exec(DASHBOARDS, 60, "node", "src/generate.mjs", "--check"));
    }

    @Test
    void everyDashboardValidatesAgainstGrafanasSchema() throws Exception {
        Result r = exec(CHECK, 60, args("node", "validate.mjs", abs(WORK.resolve("schemas")), dashboards()));
        assertSucceeds(r);
        assertThat(r.output).contains("5 dashboards valid");

        Result planted = exec(CHECK, 60, "node", "validate.mjs", abs(WORK.resolve("schemas")), abs(PLANTED));
        assertThat(planted.exit).as(planted.output).isEqualTo(1);
        assertThat(planted.output).contains(
                "must NOT have additional properties (gridpos)",
                "/fieldConfig/defaults/unit must be string",
                "/textMode must be equal to one of the allowed values",
                "must NOT have additional properties (exprr)",
                "uses $nope, which no variable defines",
                "fleetstorm_sent_bytes_total is not filtered on run=~\"$run\"",
                "/timeFrom: null",
                "/type must be equal to one of the allowed values (one of query,");
    }

    @Test
    void everyQueryParsesWithPromtool() throws Exception {
        Path rules = WORK.resolve("dashboard-rules.yml");
        assertSucceeds(exec(CHECK, 60, args("node", "promql-rules.mjs", abs(rules), dashboards())));
        Result check = exec(Path.of("."), 60, binary("promtool"), "check", "rules", rules.toString());
        assertSucceeds(check);
        assertThat(check.output).containsPattern("SUCCESS: \\d{2,} rules found");

        Path bad = WORK.resolve("planted-rules.yml");
        assertSucceeds(exec(CHECK, 60, "node", "promql-rules.mjs", abs(bad), abs(PLANTED)));
        Result planted = exec(Path.of("."), 60, binary("promtool"), "check", "rules", bad.toString());
        assertThat(planted.exit).as(planted.output).isEqualTo(1);
        assertThat(planted.output).contains("expected type range vector in call to function \"rate\"");
    }

    @Test
    void everyRunDashboardQueryReturnsDataFromARealRun() throws Exception {
        long t = System.nanoTime();
        Result live = liveCheck(WORK.resolve("live-check.json"),
                RUN_DASHBOARDS.stream().map(f -> abs(DASHBOARDS.resolve(f))).toArray(String[]::new));
        System.out.printf("dashboards: live check of %d dashboards in %.1f s%n", RUN_DASHBOARDS.size(), seconds(t));
        assertSucceeds(live);
        assertThat(live.output).doesNotContain("FAIL").containsPattern("(\\d+) of \\1 queries returned data");

        Result planted = liveCheck(WORK.resolve("planted-live-check.json"), abs(PLANTED));
        assertThat(planted.exit).as(planted.output).isEqualTo(1);
        assertThat(planted.output).contains("FAIL planted-faults.json panel 23 \"Disconnects\" A: 0 series");
    }

    /**
     * The hub dashboard's queries (every fleetstorm_hub_* series; the list is the dashboard's targets, printed by
     * the live check) against the embedded hub's series of the same run.
     */
    @Test
    void everyHubDashboardQueryReturnsDataFromTheEmbeddedHub() throws Exception {
        // last_over_time: the run has ended, so its series are stale by now
        assertThat(query("count(last_over_time({__name__=~\"fleetstorm_hub_.+\", hub=\"embedded\"}[5m]))"))
                .as("the run's /metrics has the embedded hub's series").isNotEmpty();
        Result live = liveCheck(WORK.resolve("hub-live-check.json"), abs(DASHBOARDS.resolve(HUB_DASHBOARD)));
        assertSucceeds(live);
        assertThat(live.output).doesNotContain("FAIL").contains("variable $hub: 1 values (embedded)");
    }

    /**
     * The capacity dashboard's queries against a real capacity search (a hub capped at 300 msg/s, steps from 100/s
     * to 400/s), scraped by the same Prometheus on the same port after the run: the search's own series (step, load,
     * bracket) and its steps' run series.
     */
    @Test
    void everyCapacityDashboardQueryReturnsDataFromARealSearch() throws Exception {
        Result live = exec(CHECK, 120, args("node", "live-check.mjs", "--prometheus", prometheusUrl, "--start",
                Long.toString(searchStart), "--end", Long.toString(searchEnd), "--scrape", "1s", "--var",
                "scenario=capacity-check", "--var", "run=" + searchId, "--report",
                abs(WORK.resolve("capacity-live-check.json")), abs(DASHBOARDS.resolve(CAPACITY_DASHBOARD))));
        assertSucceeds(live);
        assertThat(live.output).doesNotContain("FAIL").containsPattern("(\\d+) of \\1 queries returned data");
        JsonArray load = query("max_over_time(fleetstorm_capacity_step_load{run=\"" + searchId + "\"}[10m] @ "
                + searchEnd + ")");
        assertThat(load.getJsonObject(0).getJsonObject("metric").getString("dimension"))
                .isEqualTo("sensors.telemetry.rate");
        assertThat(load.getJsonObject(0).getJsonArray("value").getString(1)).isEqualTo("400");
    }

    @Test
    void theFleetOverviewRendersWithRealDataInHeadlessChromium() throws Exception {
        Path html = WORK.resolve("fleet-overview.html");
        Result render = exec(CHECK, 90, "node", "render.mjs", abs(DASHBOARDS.resolve("fleet-overview.json")),
                abs(html), "--prometheus", prometheusUrl, "--start", Long.toString(windowStart), "--end",
                Long.toString(windowEnd), "--var", "scenario=dashboard-check", "--var", "run=" + runId);
        assertSucceeds(render);
        String page = Files.readString(html);
        assertThat(page).doesNotContain("<script src", "<link ").contains("Chart.js");

        String dom = chromium(html, "--dump-dom");
        assertThat(dom).contains("data-rendered=\"true\"", "data-panels=\"19\"", "data-empty=\"0\"");
        assertThat(count(dom, "<canvas")).isEqualTo(13);

        Path png = Path.of(System.getProperty("fleetstorm.dashboardScreenshot",
                WORK.resolve("fleet-overview.png").toString()));
        chromium(html, "--screenshot=" + png.toAbsolutePath());
        assertThat(Files.size(png)).isGreaterThan(50_000);
    }

    @Test
    void theComposeSessionUsesTheHostNetworkAndItsPrometheusConfigIsValid() throws Exception {
        Map<String, Object> compose;
        try (InputStream in = Files.newInputStream(DASHBOARDS.resolve("docker-compose.yml"))) {
            compose = new Yaml().load(in);
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsOnlyKeys("prometheus", "pushgateway", "grafana", "hub", "run");
        services.forEach((name, service) -> {
            assertThat(service).as(name).containsEntry("network_mode", "host").doesNotContainKeys("ports",
                    "networks");
            Object volumes = service.getOrDefault("volumes", List.of());
            for (Object v : (List<?>) volumes) {
                String source = v.toString().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(DASHBOARDS.resolve(source)).as(name + " mounts " + source).exists();
                }
            }
        });
        assertThat(compose).doesNotContainKey("networks");
        assertSucceeds(exec(CHECK, 60, "node", "validate-compose.mjs", abs(DASHBOARDS.resolve("docker-compose.yml"))));
        Path planted = WORK.resolve("planted-compose.yml");
        Files.writeString(planted, Files.readString(DASHBOARDS.resolve("docker-compose.yml"))
                .replaceFirst("network_mode: host", "network_mode: bridge")
                .replace("restart: \"no\"", "restrat: no"));
        Result bad = exec(CHECK, 60, "node", "validate-compose.mjs", abs(planted));
        assertThat(bad.exit).as(bad.output).isEqualTo(1);
        assertThat(bad.output).contains("/services/prometheus: network_mode must be host, but was bridge",
                "/services/run must NOT have additional properties (restrat)");
        Result config = exec(Path.of("."), 60, binary("promtool"), "check", "config",
                DASHBOARDS.resolve("compose/prometheus.yml").toString());
        assertSucceeds(config);
        Result scenario = exec(Path.of("."), 60, java(), "-jar", "target/fleetstorm.jar", "validate",
                DASHBOARDS.resolve("compose/capacity-session.yaml").toString());
        assertSucceeds(scenario);
    }

    private void installNodeModules() throws Exception {
        Path lock = CHECK.resolve("package-lock.json");
        Path marker = CHECK.resolve("node_modules/.fleetstorm-installed");
        if (Files.exists(marker) && Files.readString(marker).equals(Files.readString(lock))) {
            return;
        }
        long t = System.nanoTime();
        Result npm = exec(CHECK, 300, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        assertSucceeds(npm);
        Files.writeString(marker, Files.readString(lock));
        System.out.printf("dashboards: npm ci in %.1f s%n", seconds(t));
    }

    private void startPrometheusAndRunTheScenario() throws Exception {
        int promPort = freePort();
        int metricsPort = freePort();
        Path tmp = Files.createTempDirectory(WORK, "prometheus");
        Path config = tmp.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n  - job_name: fleetstorm\n    static_configs:\n"
                + "      - targets: ['127.0.0.1:" + metricsPort + "']\n");
        Path log = tmp.resolve("prometheus.log");
        prometheus = new ProcessBuilder(binary("prometheus"), "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + promPort, "--storage.tsdb.path=" + tmp.resolve("data"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        prometheusUrl = "http://127.0.0.1:" + promPort;
        // the target is scraped (and down) before the run starts, so its first seconds are not lost to discovery
        awaitQuery("up{job=\"fleetstorm\"}", 60, log);

        windowStart = System.currentTimeMillis() / 1000;
        long t = System.nanoTime();
        Path runLog = WORK.resolve("run.log");
        Process run = new ProcessBuilder(java(), "-jar", "target/fleetstorm.jar", "run", SCENARIO.toString(),
                "--metrics-port", Integer.toString(metricsPort), "--metrics-host", "127.0.0.1", "--run-id", runId,
                "--output", tmp.resolve("results").toString())
                .redirectErrorStream(true).redirectOutput(runLog.toFile()).start();
        try {
            assertThat(run.waitFor(150, TimeUnit.SECONDS)).as("the run ended").isTrue();
        } finally {
            if (run.isAlive()) {
                run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(run.exitValue()).as(Files.readString(runLog)).isZero();
        windowEnd = System.currentTimeMillis() / 1000 + 1;
        // the window opens 2 s before the run's first sample (JVM start and hub start-up are not part of it)
        JsonArray elapsed = query("fleetstorm_run_elapsed_seconds{run=\"" + runId + "\"}[5m] @ " + windowEnd);
        assertThat(elapsed).as("the run's series were scraped").isNotEmpty();
        windowStart = elapsed.getJsonObject(0).getJsonArray("values").getJsonArray(0).getLong(0) - 2;
        System.out.printf("dashboards: scenario run and scraped in %.1f s%n", seconds(t));
        runTheCapacitySearch(metricsPort, tmp);
    }

    /** A short capacity search on the port Prometheus scrapes (the run has ended and let it go). */
    private void runTheCapacitySearch(int metricsPort, Path tmp) throws Exception {
        long t = System.nanoTime();
        searchStart = System.currentTimeMillis() / 1000 - 1;
        Path log = WORK.resolve("capacity.log");
        Process search = new ProcessBuilder(java(), "-jar", "target/fleetstorm.jar", "capacity",
                CAPACITY_SCENARIO.toString(), "--vary", "sensors.telemetry.rate", "--from", "100/s", "--to", "400/s",
                "--precision", "50%", "--settle", "1s", "--measure", "3s", "--metrics-port",
                Integer.toString(metricsPort), "--metrics-host", "127.0.0.1", "--run-id", searchId, "--output",
                tmp.resolve("capacity").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(search.waitFor(150, TimeUnit.SECONDS)).as("the search ended").isTrue();
        } finally {
            if (search.isAlive()) {
                search.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(search.exitValue()).as(Files.readString(log)).isZero();
        searchEnd = System.currentTimeMillis() / 1000 + 1;
        System.out.printf("dashboards: capacity search run and scraped in %.1f s%n", seconds(t));
    }

    private Result liveCheck(Path report, String... files) throws Exception {
        return exec(CHECK, 120, args("node", "live-check.mjs", "--prometheus", prometheusUrl, "--start",
                Long.toString(windowStart), "--end", Long.toString(windowEnd), "--scrape", "1s", "--var",
                "scenario=dashboard-check", "--var", "run=" + runId, "--report", abs(report), files));
    }

    /**
     * Chromium's stdout (the DOM of --dump-dom), never printed: it inlines Chart.js, a 200 KB line. Its stderr (D-Bus
     * complaints of a machine without a session or system bus) goes to a file, shown only when Chromium fails.
     */
    private String chromium(Path html, String action) throws Exception {
        Path out = Files.createTempFile(WORK, "chromium", ".out");
        Path err = Files.createTempFile(WORK, "chromium", ".err");
        ProcessBuilder launch = new ProcessBuilder(binary("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--hide-scrollbars", "--password-store=basic",
                "--user-data-dir=" + Files.createTempDirectory(WORK, "chromium").toAbsolutePath(),
                "--window-size=1400,2080", action, html.toAbsolutePath().toUri().toString())
                .directory(WORK.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        launch.environment().put("DBUS_SESSION_BUS_ADDRESS", "disabled:"); // no autolaunch of a session bus
        Process p = launch.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium " + action + " did not end within 90 s:\n" + chromiumErrors(err));
        }
        assertThat(p.exitValue()).as("chromium " + action + ":\n" + chromiumErrors(err)).isZero();
        String dom = Files.readString(out);
        Files.delete(out);
        Files.delete(err);
        return dom;
    }

    /** Chromium's stderr without the D-Bus lines that every run here prints. */
    private static String chromiumErrors(Path err) throws IOException {
        return Files.readAllLines(err).stream().filter(l -> !l.contains(":ERROR:dbus/"))
                .map(l -> l.length() > 500 ? l.substring(0, 500) + "..." : l).collect(Collectors.joining("\n"));
    }

    private void awaitQuery(String promql, int seconds, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                if (!query(promql).isEmpty()) {
                    return;
                }
            } catch (IOException notYetUp) {
                // Prometheus is still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no sample of " + promql + " within " + seconds + " s; Prometheus log:\n"
                + Files.readString(log));
    }

    private JsonArray query(String promql) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("status")).as(r.body()).isEqualTo("success");
        return body.getJsonObject("data").getJsonArray("result");
    }

    private record Result(int exit, String output) {
    }

    private static Result exec(Path dir, int timeoutSeconds, String... command) throws Exception {
        Path out = Files.createTempFile(Files.createDirectories(WORK), "exec", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // chromium's renderers, npm's node
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not end within " + timeoutSeconds + " s:\n"
                    + Files.readString(out));
        }
        String output = Files.readString(out);
        Files.delete(out);
        System.out.print(output.lines().filter(l -> !l.startsWith("ok ")).map(l -> "  | " + l + "\n")
                .reduce("", String::concat));
        return new Result(p.exitValue(), output);
    }

    private static void assertSucceeds(Result r) {
        assertThat(r.exit).as(r.output).isZero();
    }

    private static String[] dashboards() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(f -> f.toString().endsWith(".json")).map(DashboardsIT::abs).sorted()
                    .toArray(String[]::new);
        }
    }

    private static String[] args(Object... parts) {
        List<String> all = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String[] many) {
                all.addAll(List.of(many));
            } else {
                all.add(p.toString());
            }
        }
        return all.toArray(String[]::new);
    }

    private static String abs(Path p) {
        return p.toAbsolutePath().toString();
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String binary(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(name + " not found on PATH: install the Debian packages prometheus, chromium, "
                + "fonts-dejavu-core, nodejs and npm (.ci/run does)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
