package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleetstorm compare} on real runs against the embedded hub: two runs of the same scenario do not regress
 * (exit 0); a run whose hub delays every PUBACK by 3 ms regresses against one without (exit 3), the rule, the
 * operation and the percentile named on the console, in compare.json and in junit.xml. The median is the percentile
 * judged: on a machine shared with other jobs, a 15 s run's p99 is the neighbours' as much as the hub's.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CompareIT {

    private static final String SCENARIO = """
            name: compare-me
            %s
            groups:
              - {name: sensors, productId: COMPARE01, count: 50, credentials: {productSecret: s}}
            phases:
              - name: connect
                duration: 2s
                sensors: {connect: {rate: 50/s}}
              - name: steady
                duration: 15s
                sensors: {telemetry: {rate: 200/s, qos: 1}}
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void fiveRuns() throws Exception {
        Files.writeString(dir.resolve("plain.yaml"), SCENARIO.formatted(""));
        Files.writeString(dir.resolve("slow.yaml"), SCENARIO.formatted("hub: {delays: {puback: 3ms}}"));
        // a first run warms this JVM up (its compiler), so that none of the compared runs measures that; the runs
        // compared run at the same time, each against its own embedded hub, so that a busy neighbour on this shared
        // machine (or this JVM's garbage collector) slows both alike: what differs between them is the hub's delay
        run("plain.yaml", "warm-up");
        together(new String[] {"plain.yaml", "a"}, new String[] {"plain.yaml", "b"});
        together(new String[] {"plain.yaml", "c"}, new String[] {"slow.yaml", "slow"});
    }

    private static void together(String[]... runs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(runs.length);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String[] r : runs) {
                done.add(pool.submit(() -> {
                    run(r[0], r[1]);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void run(String scenario, String output) {
        CliRunner r = CliRunner.run("run", dir.resolve(scenario).toString(), "--output", dir.resolve(output).toString(),
                "--metrics-port", "-1", "--run-id", "compare-" + output);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    }

    @Test
    void twoRunsOfTheSameScenarioDoNotRegress() throws Exception {
        CliRunner r = CliRunner.run("compare", dir.resolve("a").toString(), dir.resolve("b/summary.json").toString(),
                "--rule", "publish-ack.p50 +10%", "--rule", "publish-ack.p99 +10%", "--output",
                dir.resolve("same").toString());
        System.out.println(r.out());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS publish-ack.p99 +10%: publish-ack p99 ", "PASS publish-ack.p50 +10%",
                "no regression (2 rule(s) held)",
                "a block permutation test says whether a change is beyond noise, a moving-block bootstrap gives its "
                        + "interval");
        JsonObject json = new JsonObject(Files.readString(dir.resolve("same/compare.json")));
        assertThat(json.getBoolean("regressed")).isFalse();
        assertThat(json.getInteger("exitCode")).isZero();
        assertThat(Files.readString(dir.resolve("same/junit.xml"))).contains("tests=\"2\" failures=\"0\"");
    }

    @Test
    void threeMillisecondsMoreOnEveryPubackIsARegressionNamedByRuleOperationAndPercentile() throws Exception {
        CliRunner r = CliRunner.run("compare", dir.resolve("c").toString(), dir.resolve("slow").toString(),
                "--rule", "publish-ack.p50 +10%", "--rule", "errors.rate +0.1pp", "--output",
                dir.resolve("slower").toString());
        System.out.println(r.out());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).containsPattern("FAIL publish-ack.p50 \\+10%: publish-ack p50 [0-9.]+(us|ms) -> "
                + "[0-9.]+ms, \\+[0-9.]+ms \\(\\+[0-9.]+%\\) \\(beyond noise");
        assertThat(r.out()).contains("PASS errors.rate +0.1pp", "allowed +0.1pp)", "regression: publish-ack.p50 +10% "
                + "(publish-ack p50 +");
        JsonObject json = new JsonObject(Files.readString(dir.resolve("slower/compare.json")));
        assertThat(json.getBoolean("regressed")).isTrue();
        JsonObject p50 = json.getJsonArray("rows").stream().map(JsonObject.class::cast)
                .filter(x -> x.getString("subject").equals("publish-ack p50")).findFirst().orElseThrow();
        assertThat(p50.getDouble("change")).as("3 ms added to every PUBACK").isBetween(0.0025, 0.0045);
        assertThat(p50.getBoolean("beyondNoise")).isTrue();
        assertThat(Files.readString(dir.resolve("slower/junit.xml"))).contains("tests=\"2\" failures=\"1\"",
                "<failure type=\"regression\" message=\"FAIL publish-ack.p50 +10%: publish-ack p50");
    }

    @Test
    void aMissingOrBrokenInputIsExitTwoNamingIt() {
        CliRunner missing = CliRunner.run("compare", dir.resolve("a").toString(), dir.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("fleetstorm: " + dir.resolve("nope") + ": cannot read file\n");
        CliRunner rule = CliRunner.run("compare", dir.resolve("a").toString(), dir.resolve("b").toString(), "--rule",
                "publish-ack.p99 10%");
        assertThat(rule.exitCode()).isEqualTo(2);
        assertThat(rule.err()).contains("--rule: rule 'publish-ack.p99 10%': expected METRIC.AGGREGATE +CHANGE");
    }
}
