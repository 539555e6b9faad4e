package io.fleetstorm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.report.RunReport;
import io.fleetstorm.report.SummaryReader;
import io.vertx.core.json.JsonObject;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleetstorm capacity --agents 2} as users start it: two {@code fleetstorm agent} JVMs and the controller JVM
 * (with a fresh embedded hub per step, capped at 600 QoS 1 msg/s by the scenario) on loopback. Every step is a
 * cluster run over both agents, and the search finds the cap.
 */
class CapacityClusterIT {

    private static final String SCENARIO = """
            name: capacity-cluster
            hub:
              limits: {publish: 600/s}
            groups:
              - {name: sensors, productId: CAPCLUSTER1, count: 40, credentials: {productSecret: s}}
            phases:
              - name: connect
                duration: 2s
                sensors: {connect: 40/s}
              - name: steady
                duration: 30s
                sensors: {telemetry: {rate: 200/s, qos: 1}}
            thresholds:
              - publish-ack.p99 < 150ms
            """;

    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void twoAgentsFindTheCapOfTheControllersHub() throws Exception {
        String join = "127.0.0.1:" + freePort();
        Pattern port = Pattern.compile("hazelcast port (\\d+)");
        List<Integer> agentPorts = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            start("agent-a" + i, "agent", "--name", "a" + i, "--join", join, "--metrics-port", "-1");
            Matcher m = port.matcher(awaitLine(dir.resolve("agent-a" + i + ".out"), "hazelcast port", 60));
            assertThat(m.find()).isTrue();
            agentPorts.add(Integer.parseInt(m.group(1)));
            if (i == 1) {
                join = "127.0.0.1:" + m.group(1);
            }
        }
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, SCENARIO);
        List<String> args = new ArrayList<>(List.of("capacity", file.toString(), "--vary", "sensors.telemetry.rate",
                "--from", "200/s", "--to", "1600/s", "--precision", "20%", "--settle", "2s", "--measure", "4s",
                "--agents", "2", "--cluster-port", Integer.toString(freePort()), "--start-lead", "1s",
                "--agents-timeout", "40s", "--metrics-port", "-1", "--run-id", "cap-cluster", "--output",
                dir.resolve("out").toString()));
        for (int p : agentPorts) {
            args.add("--join");
            args.add("127.0.0.1:" + p);
        }
        Process controller = start("controller", args.toArray(new String[0]));
        assertThat(controller.waitFor(240, TimeUnit.SECONDS)).as(read("controller.out") + read("controller.err"))
                .isTrue();
        String out = read("controller.out");
        System.out.println(out);
        assertThat(controller.exitValue()).as(out + read("controller.err")).isZero();
        JsonObject json = new JsonObject(Files.readString(dir.resolve("out/capacity.json")));
        assertThat(json.getInteger("agents")).isEqualTo(2);
        assertThat(json.getString("bound")).isEqualTo("target");
        assertThat(json.getDouble("capacity")).as(out).isBetween(480.0, 720.0);
        assertThat(out).contains("over 2 agents", "controller at 127.0.0.1:");
        // each step is one cluster run: its report's sources are both agents' shards
        RunReport first = SummaryReader.read(dir.resolve("out").resolve(json.getJsonArray("steps").getJsonObject(0)
                .getString("report")));
        assertThat(first.sources()).containsExactly("cap-cluster-step1-a1", "cap-cluster-step1-a2");
        assertThat(read("agent-a1.out")).contains("run cap-cluster-step1", "run cap-cluster-step2");
    }

    private Process start(String name, String... args) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", cp, "io.fleetstorm.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        processes.add(p);
        return p;
    }

    private String awaitLine(Path file, String text, int seconds) throws Exception {
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
        throw new AssertionError("no '" + text + "' in " + file + " within " + seconds + " s: "
                + (Files.exists(file) ? Files.readString(file) : "(no file)"));
    }

    private String read(String name) throws IOException {
        Path f = dir.resolve(name);
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
