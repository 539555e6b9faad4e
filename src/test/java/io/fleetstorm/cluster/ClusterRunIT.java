package io.fleetstorm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.report.RunReport;
import io.fleetstorm.report.SummaryReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster run as users start it: three {@code fleetstorm agent} JVMs and a {@code fleetstorm run --agents 3}
 * controller JVM (with the embedded hub) on loopback, Hazelcast on free ports. The same agents serve two runs: one
 * that must add up exactly, and one in which an agent is killed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 110, unit = TimeUnit.SECONDS)
class ClusterRunIT {

    private static final String SCENARIO = """
            name: cluster-it
            groups:
              - name: sensors
                productId: CLUSTERIT1
                count: 90
                credentials: {productSecret: s}
            phases:
              - name: connect
                duration: 2s
                sensors:
                  connect: {rate: 90/s}
              - name: steady
                duration: %ds
                sensors:
                  telemetry: {rate: 1/s per device, qos: 1}
                  echo: {rate: 30/s}
            acceptSaturation: true
            """;

    private static final List<Process> PROCESSES = new ArrayList<>();
    private static final List<Integer> AGENT_PORTS = new ArrayList<>();
    private static Path dir;

    @BeforeAll
    static void startAgents() throws Exception {
        dir = Files.createTempDirectory("cluster-it");
        // a1 first, alone; a2 and a3 join it, and each controller joins them: one cluster, no merging of clusters
        String join = "127.0.0.1:" + freePort();
        Pattern port = Pattern.compile("hazelcast port (\\d+)");
        for (int i = 1; i <= 3; i++) {
            start("agent-a" + i, "agent", "--name", "a" + i, "--join", join, "--metrics-port", "-1", "--output",
                    dir.resolve("agents").toString());
            if (i == 1) {
                Matcher m = port.matcher(awaitLine(dir.resolve("agent-a1.out"), "hazelcast port", 60));
                assertThat(m.find()).isTrue();
                join = "127.0.0.1:" + m.group(1);
            }
        }
        for (int i = 1; i <= 3; i++) {
            Matcher m = port.matcher(awaitLine(dir.resolve("agent-a" + i + ".out"), "hazelcast port", 60));
            assertThat(m.find()).isTrue();
            AGENT_PORTS.add(Integer.parseInt(m.group(1)));
        }
    }

    @AfterAll
    static void stopEverything() {
        for (Process p : PROCESSES) {
            p.destroyForcibly();
        }
        for (Process p : PROCESSES) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; best effort
        }
    }

    @Test
    @Order(1)
    void threeAgentsAddUpExactly() throws Exception {
        Process controller = controller("ok", 3);
        assertThat(controller.waitFor(60, TimeUnit.SECONDS)).as(read("controller-ok.err")).isTrue();
        assertThat(controller.exitValue()).as(read("controller-ok.out") + read("controller-ok.err")).isZero();
        assertThat(read("controller-ok.err")).contains("agents 3/3").doesNotContain("LOST");
        RunReport merged = SummaryReader.read(dir.resolve("out-ok"));
        assertThat(merged.sources()).containsExactly("cluster-it-ok-a1", "cluster-it-ok-a2", "cluster-it-ok-a3");
        assertThat(merged.result().run().counter(Counter.CONNECTS_OK)).as("every device once").isEqualTo(90);
        // 3 s x 90 devices x 1/s telemetry + 3 s x 30/s echo, all QoS 1; echoes come back once each
        assertThat(merged.result().run().latency(Operation.PUBLISH_ACK, null).corrected().getTotalCount())
                .isEqualTo(270 + 90);
        assertThat(merged.result().run().latency(Operation.ECHO, null).corrected().getTotalCount()).isEqualTo(90);
        assertThat(merged.result().run().counter(Counter.MESSAGES_SENT)).isEqualTo(360);

        // one recorder fed every agent's values: the agents' own results added
        Histogram one = LatencyHistograms.newHistogram();
        long connects = 0;
        for (int i = 1; i <= 3; i++) {
            RunReport own = SummaryReader.read(dir.resolve("agents").resolve("cluster-it-ok-a" + i));
            assertThat(own.result().run().counter(Counter.CONNECTS_OK)).isEqualTo(30);
            connects += own.result().run().counter(Counter.CONNECTS_OK);
            one.add(own.result().run().latency(Operation.PUBLISH_ACK, null).corrected());
        }
        assertThat(connects).isEqualTo(90);
        Histogram mergedAck = merged.result().run().latency(Operation.PUBLISH_ACK, null).corrected();
        for (double p : new double[] {50, 90, 99, 99.9, 100}) {
            assertThat(mergedAck.getValueAtPercentile(p)).as("p%s", p).isEqualTo(one.getValueAtPercentile(p));
        }
        assertThat(mergedAck).isEqualTo(one);
    }

    /** The controller's embedded hub demands signatures: the agents sign with the pair it hands them. */
    @Test
    @Order(1)
    void agentsSignTheirApiCallsWithTheControllersEmbeddedHubKey() throws Exception {
        Path file = dir.resolve("api.yaml");
        Files.writeString(file, """
                name: cluster-api
                groups: [{name: sensors, productId: CLUSTERIT2, count: 90, credentials: {productSecret: s}}]
                phases:
                  - {name: connect, duration: 2s, sensors: {connect: {rate: 90/s}}}
                  - {name: steady, duration: 3s, sensors: {downlink: {rate: 9/s}}}
                acceptSaturation: true
                """);
        List<String> args = new ArrayList<>(List.of("run", file.toString(), "--agents", "3", "--cluster-port",
                Integer.toString(freePort()), "--metrics-port", "-1", "--start-lead", "2s", "--agents-timeout", "40s",
                "--run-id", "cluster-it-api", "--output", dir.resolve("out-api").toString()));
        for (int p : AGENT_PORTS) {
            args.add("--join");
            args.add("127.0.0.1:" + p);
        }
        Process controller = start("controller-api", args.toArray(new String[0]));
        assertThat(controller.waitFor(60, TimeUnit.SECONDS)).as(read("controller-api.err")).isTrue();
        assertThat(controller.exitValue()).as(read("controller-api.out") + read("controller-api.err")).isZero();
        RunReport merged = SummaryReader.read(dir.resolve("out-api"));
        assertThat(merged.result().run().latency(Operation.API_CALL, null).corrected().getTotalCount())
                .as("every PublishMessage of the three agents answered").isEqualTo(27);
        assertThat(merged.result().run().latency(Operation.DOWNLINK, null).corrected().getTotalCount())
                .isEqualTo(27);
        assertThat(read("controller-api.out")).doesNotContain("AuthFailure");
    }

    @Test
    @Order(2)
    void anAbortOnFailThresholdStopsEveryAgent() throws Exception {
        long started = System.nanoTime();
        Process controller = controller("abort", 30, """
                thresholds:
                  - {expr: "publish-ack.p50 < 1us", abortOnFail: true}
                """);
        assertThat(controller.waitFor(60, TimeUnit.SECONDS)).as(read("controller-abort.err")).isTrue();
        String out = read("controller-abort.out");
        assertThat(controller.exitValue()).as(out + read("controller-abort.err")).isEqualTo(3);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("well before the 32 s planned")
                .isLessThan(30);
        assertThat(read("controller-abort.err")).contains("abortOnFail stops every agent");
        assertThat(out).contains("abortOnFail threshold publish-ack.p50 < 1us failed: observed ");
        for (int i = 1; i <= 3; i++) {
            String agent = "agent-a" + i + ".out";
            awaitLine(dir.resolve(agent), "run cluster-it-abort ended", 20);
            assertThat(read(agent)).contains("stopped: abortOnFail threshold publish-ack.p50 < 1us failed");
        }
    }

    @Test
    @Order(3)
    void aKilledAgentIsNamedAndTheRunIsIncomplete() throws Exception {
        Process controller = controller("kill", 20); // long enough to go on after the loss is noticed
        awaitLine(dir.resolve("controller-kill.err"), "takes shard 3/3", 40);
        Thread.sleep(2_000 + 4_000); // the start lead, then into the steady phase
        PROCESSES.get(1).destroyForcibly(); // agent a2: SIGKILL, no goodbye
        assertThat(controller.waitFor(60, TimeUnit.SECONDS)).as(read("controller-kill.err")).isTrue();
        String out = read("controller-kill.out");
        assertThat(controller.exitValue()).as(out + read("controller-kill.err")).isEqualTo(4);
        assertThat(read("controller-kill.err")).contains("agent a2", "lost", "LOST a2");
        assertThat(out).contains("incomplete: lost agent(s): a2");
        RunReport merged = SummaryReader.read(dir.resolve("out-kill"));
        assertThat(merged.verdict().reasons()).anySatisfy(r -> assertThat(r).contains("lost agent(s): a2"));
        assertThat(merged.result().run().counter(Counter.CONNECTS_OK)).as("a2's connects are kept").isEqualTo(90);
    }

    private static Process controller(String name, int steadySeconds) throws IOException {
        return controller(name, steadySeconds, "");
    }

    private static Process controller(String name, int steadySeconds, String more) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, String.format(SCENARIO, steadySeconds) + more);
        List<String> args = new ArrayList<>(List.of("run", file.toString(), "--agents", "3", "--cluster-port",
                Integer.toString(freePort()), "--metrics-port", "-1", "--start-lead", "2s", "--agents-timeout", "40s",
                "--run-id", "cluster-it-" + name, "--output", dir.resolve("out-" + name).toString()));
        for (int p : AGENT_PORTS) {
            args.add("--join");
            args.add("127.0.0.1:" + p);
        }
        return start("controller-" + name, args.toArray(new String[0]));
    }

    private static Process start(String name, String... args) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp, "io.fleetstorm.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        PROCESSES.add(p);
        return p;
    }

    private static String awaitLine(Path file, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            Thread.sleep(100);
        }
        Path errors = Path.of(file.toString().replaceAll("\\.out$", ".err"));
        throw new AssertionError("no '" + text + "' in " + file + " within " + seconds + " s: "
                + (Files.exists(file) ? Files.readString(file) : "(no file)") + "\n" + errors + ":\n"
                + (Files.exists(errors) && !errors.equals(file) ? Files.readString(errors) : ""));
    }

    private static String read(String name) throws IOException {
        Path f = dir.resolve(name);
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
