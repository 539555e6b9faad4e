package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Honest saturation, both ways, through {@code fleetstorm run} against the embedded hub: small fleets connecting all
 * at once and 50k QoS 0 msg/s end PASSED on a machine with CPU to spare (none of these scenarios names a threshold,
 * so the default sanity rules judge them too); a generator pinned to one core beside a busy loop, asked for more
 * than three times what it can start there, ends INVALID.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SaturationIT {

    private static final String FLEET = """
            name: %s
            groups:
              - {name: sensors, productId: SATURATE01, count: %d, credentials: {productSecret: s}}
            phases:
              - name: connect
                duration: %s
                sensors: {connect: {rate: %s}}
            """;

    /** Other processes may use at most this share of the machine's CPU for it to count as idle. */
    private static final double BUSY_LIMIT = 0.25;

    @TempDir
    Path dir;

    /**
     * The PASSED direction is a claim about a machine with CPU to spare: on a machine other jobs keep busy the
     * generator does fall behind, and INVALID is then the right verdict. So a PASSED case runs, then counts what the
     * rest of the machine used meanwhile ({@code /proc/stat} minus this JVM and its children); if other processes
     * used over a quarter of the CPU, the case is reported as skipped with that share, not judged.
     */
    private static <T> T onIdleMachine(java.util.concurrent.Callable<T> run, java.util.function.Consumer<T> check)
            throws Exception {
        long[] before = cpuTicks();
        T result = run.call();
        long[] after = cpuTicks();
        double others = (double) ((after[1] - before[1]) - (after[2] - before[2])) / Math.max(1, after[0] - before[0]);
        java.util.regex.Matcher verdict = java.util.regex.Pattern.compile("verdict: [A-Z]+").matcher(
                String.valueOf(result));
        org.junit.jupiter.api.Assumptions.assumeTrue(others <= BUSY_LIMIT, String.format(java.util.Locale.ROOT,
                "the machine was busy: other processes used %.0f%% of its CPU during the run (limit %.0f%%); the "
                        + "run ended with %s", others * 100, BUSY_LIMIT * 100,
                verdict.find() ? verdict.group() : "no verdict"));
        check.accept(result);
        return result;
    }

    /** Ticks: all CPUs' total, all CPUs' busy, this process with its waited-for children. */
    private static long[] cpuTicks() throws Exception {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < cpu.length && i <= 8; i++) {
            total += Long.parseLong(cpu[i]);
        }
        long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
        String self = Files.readString(Path.of("/proc/self/stat"));
        String[] f = self.substring(self.lastIndexOf(')') + 2).split(" ");
        // after the ')' field 3 is f[0]: utime, stime, cutime, cstime are fields 14-17
        long mine = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return new long[] {total, total - idle, mine};
    }

    @ParameterizedTest(name = "{0} devices at {1}")
    @CsvSource({"100, 100000/s, 2s", "1000, 100000/s, 3s", "1000, 250/s, 5s", "100, 10/s, 11s"})
    void aFleetConnectingAtAnyRatePasses(int devices, String rate, String duration) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, FLEET.formatted("connect-" + devices, devices, duration, rate));
        onIdleMachine(() -> CliRunner.run("run", file.toString(), "--output", dir.resolve("out").toString(),
                "--metrics-port", "-1"), r -> {
                    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
                    assertThat(r.out()).contains("verdict: PASSED (exit code 0)",
                            "PASS connect.ratio >= 95% (default rule): observed 100%");
                });
    }

    @Test
    void fiftyThousandQos0MessagesASecondPass() throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, FLEET.formatted("qos0-50k", 100, "1s", "1000/s") + """
                  - name: steady
                    duration: 6s
                    sensors: {telemetry: {rate: 500/s per device, qos: 0}}
                """);
        Path out = dir.resolve("out");
        onIdleMachine(() -> CliRunner.run("run", file.toString(), "--output", out.toString(), "--metrics-port",
                "-1"), r -> {
                    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
                    assertThat(r.out()).contains("verdict: PASSED (exit code 0)");
                });
        JsonObject summary = new JsonObject(Files.readString(out.resolve("summary.json")));
        long started = 0;
        for (Object o : summary.getJsonObject("run").getJsonArray("counters")) {
            JsonObject c = (JsonObject) o;
            if (c.getString("counter").equals("operations-started")) {
                started += c.getLong("value");
            }
        }
        assertThat(started).as("100 connects and 6 s x 50k publishes, every one counted as started")
                .isBetween(290_000L, 300_100L);
    }

    @Test
    void tenDevicesAtOnceInAFreshJvmPass() throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, FLEET.formatted("ten-at-once", 10, "2s", "100000/s"));
        onIdleMachine(() -> Child.start(List.of(), file, dir.resolve("out")), run -> {
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("verdict: PASSED (exit code 0)");
        });
    }

    @Test
    void aGeneratorStarvedOfCpuIsInvalid() throws Exception {
        Path file = dir.resolve("s.yaml");
        // 2M QoS 0 msg/s for a JVM that shares one core with a busy loop (and with its own embedded hub): over three
        // times what it starts there (about 600k/s in a measured run; 200k/s it kept up with, and ended PASSED)
        Files.writeString(file, FLEET.formatted("starved", 100, "1s", "1000/s") + """
                  - name: steady
                    duration: 6s
                    sensors: {telemetry: {rate: 2M/s, qos: 0}}
                """);
        Process busy = new ProcessBuilder("taskset", "-c", "0", "sh", "-c", "while :; do :; done")
                .redirectErrorStream(true).start();
        try {
            Child run = Child.start(List.of("taskset", "-c", "0"), file, dir.resolve("out"));
            assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
            assertThat(run.output()).contains("verdict: INVALID (exit code 3)\n  saturated: ")
                    .containsPattern("saturated: late starts \\d+ of \\d+ operations started");
            JsonObject summary = new JsonObject(Files.readString(dir.resolve("out").resolve("summary.json")));
            assertThat(summary.getJsonObject("saturation").getBoolean("saturated")).isTrue();
        } finally {
            busy.destroyForcibly();
            busy.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** {@code fleetstorm run} in a JVM of its own (the shaded jar), optionally behind a command such as taskset. */
    private record Child(int exitCode, String output) {

        static Child start(List<String> prefix, Path file, Path out) throws Exception {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of("java", "-jar", Path.of("target", "fleetstorm.jar").toString(), "run",
                    file.toString(), "--output", out.toString(), "--metrics-port", "-1"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                byte[] bytes = p.getInputStream().readAllBytes();
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the run ended").isTrue();
                return new Child(p.exitValue(), new String(bytes, StandardCharsets.UTF_8));
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
