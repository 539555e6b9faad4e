package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every input of {@code fleetstorm capacity} and {@code fleetstorm compare} that is wrong ends with exit code 2 and
 * one line naming the flag and the rule, before any step runs or any socket opens.
 */
class CapacityInputTest {

    @TempDir
    static Path dir;
    static Path file;

    @BeforeAll
    static void scenario() throws Exception {
        file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: inputs
                groups:
                  - {name: sensors, productId: INPUTS01, count: 10, credentials: {productSecret: s}}
                phases:
                  - name: up
                    duration: 2s
                    sensors: {connect: 10/s}
                  - name: steady
                    duration: 10s
                    sensors: {telemetry: {rate: 100/s, qos: 1}, shadow: {report: 5/s}}
                  - name: cool
                    duration: 5s
                    sensors: {idle: {}}
                thresholds:
                  - publish-ack.p99 < 100ms
                  - {expr: 'errors.rate < 1%', phase: cool}
                """);
    }

    private static CliRunner capacity(String... extra) {
        List<String> args = new ArrayList<>(List.of("capacity", file.toString(), "--metrics-port", "-1", "--output",
                dir.resolve("out").toString()));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sensors.telemetry|500/s|8000/s|5%|--vary sensors.telemetry: a group's dimension is sensors.count (devices); "
                + "a rate is GROUP.BEHAVIOUR.RATE, e.g. sensors.telemetry.rate",
        "sensors|500/s|8000/s|5%|--vary must be GROUP.BEHAVIOUR.RATE (e.g. sensors.telemetry.rate, "
                + "sensors.connect.rate, sensors.shadow.report) or GROUP.count, but was 'sensors'",
        "cams.telemetry.rate|500/s|8000/s|5%|--vary cams.telemetry.rate: the scenario has no group 'cams' (groups: "
                + "sensors)",
        "sensors.echo.rate|500/s|8000/s|5%|--vary sensors.echo.rate: no phase of the scenario gives group sensors a "
                + "echo rate (its rates: sensors.connect.rate, sensors.telemetry.rate, sensors.shadow.report)",
        "sensors.shadow.get|1/s|8/s|5%|--vary sensors.shadow.get: no phase of the scenario gives group sensors a "
                + "shadow get (its rates: sensors.connect.rate, sensors.telemetry.rate, sensors.shadow.report)",
        "sensors.size|500/s|8000/s|5%|--vary sensors.size: a group's dimension is sensors.count (devices); a rate "
                + "is GROUP.BEHAVIOUR.RATE, e.g. sensors.telemetry.rate",
        "sensors.telemetry.rate|500|8000/s|5%|--from must be a rate like 500/s, 2k/s or 30/min for "
                + "sensors.telemetry.rate, but was '500'",
        "sensors.telemetry.rate|500/s|0/s|5%|--to must be above 0/s and at most 10M/s, but was '0/s'",
        "sensors.telemetry.rate|8000/s|500/s|5%|--from must be at most --to, but was 8000/s > 500/s",
        "sensors.telemetry.rate|500/s|8000/s|0%|--precision must be a percentage from 0.1% to 50% (e.g. 5%), but "
                + "was '0%'",
        "sensors.telemetry.rate|500/s|8000/s|fine|--precision must be a percentage from 0.1% to 50% (e.g. 5%), but "
                + "was 'fine'",
        "sensors.count|10.5|100|5%|--from must be a whole number of devices in 1..100000000 for sensors.count (e.g. "
                + "500 or 10k), but was '10.5'",
        "sensors.telemetry.rate|500/s|20M/s|5%|--to must be above 0/s and at most 10M/s, but was '20M/s'"})
    void aWrongFlagIsExitTwoNamingIt(String vary, String from, String to, String precision, String message) {
        CliRunner r = capacity("--vary", vary, "--from", from, "--to", to, "--precision", precision);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fleetstorm: " + message + "\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void theLargestStepMustBeAValidScenarioAndFitThisProcess() {
        CliRunner connects = capacity("--vary", "sensors.connect.rate", "--from", "100/s", "--to", "100k/s",
                "--settle", "5s", "--measure", "20s");
        assertThat(connects.exitCode()).as(connects.err()).isEqualTo(2);
        assertThat(connects.err()).contains("does not judge capacity steps", "fleetstorm: --to 100k/s: ",
                "this fleet needs about",
                "(a connect-rate step connects rate x 25s devices: a shorter --settle/--measure needs fewer)");
    }

    @Test
    void aBrokenScenarioOrThresholdIsExitTwo() {
        CliRunner threshold = capacity("--vary", "sensors.telemetry.rate", "--from", "500/s", "--to", "800/s",
                "--threshold", "publish-ack.p99 < fast");
        assertThat(threshold.exitCode()).isEqualTo(2);
        assertThat(threshold.err()).isEqualTo("fleetstorm: threshold 'publish-ack.p99 < fast': expected a duration "
                + "like 200ms, but was 'fast'\n");
        CliRunner phase = capacity("--vary", "sensors.telemetry.rate", "--from", "500/s", "--to", "800/s", "--phase",
                "warm");
        assertThat(phase.exitCode()).isEqualTo(2);
        assertThat(phase.err()).isEqualTo("fleetstorm: --phase warm: the scenario has no such phase (phases: up, "
                + "steady, cool)\n");
        CliRunner missing = CliRunner.run("capacity", dir.resolve("nope.yaml").toString(), "--vary", "a.b.rate",
                "--from", "1/s", "--to", "2/s");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.yaml");
        CliRunner measure = capacity("--vary", "sensors.telemetry.rate", "--from", "500/s", "--to", "800/s",
                "--measure", "1s");
        assertThat(measure.exitCode()).isEqualTo(2);
        assertThat(measure.err()).isEqualTo("fleetstorm: --measure must be at least 2s (two reporting intervals), "
                + "but was 1s\n");
    }

    @Test
    void compareRefusesABadConfidenceOrScenarioRule() throws Exception {
        CliRunner confidence = CliRunner.run("compare", "a", "b", "--confidence", "50%");
        assertThat(confidence.exitCode()).isEqualTo(2);
        assertThat(confidence.err()).isEqualTo("fleetstorm: --confidence must be a percentage from 80% to 99.9% "
                + "(e.g. 95%), but was '50%'\n");
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, Files.readString(file) + "regressions:\n  - publish-ack.p99 +10%\n"
                + "  - publish-ack.p99 10%\n");
        CliRunner scenario = CliRunner.run("compare", "a", "b", "--scenario", rules.toString());
        assertThat(scenario.exitCode()).isEqualTo(2);
        assertThat(scenario.err()).isEqualTo("fleetstorm: " + rules + ":19: regressions[1] rule 'publish-ack.p99 "
                + "10%': expected METRIC.AGGREGATE +CHANGE, e.g. 'publish-ack.p99 +10%', 'connect.p50 +5ms', "
                + "'publish-ack.rate -5%' or 'errors.rate +0.1pp'\n");
        CliRunner validate = CliRunner.run("validate", rules.toString());
        assertThat(validate.exitCode()).as("validate checks the rules too").isEqualTo(2);
    }
}
