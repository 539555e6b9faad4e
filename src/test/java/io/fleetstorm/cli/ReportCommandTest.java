package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.RunResult;
import io.fleetstorm.metrics.ScriptedProbe;
import io.fleetstorm.report.ReportFiles;
import io.fleetstorm.report.RunReport;
import io.fleetstorm.report.SummaryReader;
import io.fleetstorm.report.TestRuns;
import io.fleetstorm.report.ThresholdSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleetstorm report}: re-rendering, exact merging of shards, thresholds re-evaluated, exit codes. */
class ReportCommandTest {

    @TempDir
    Path dir;

    private Path saved(String name, int from, int to, String... thresholds) throws Exception {
        RunResult r = TestRuns.run(name, from, to, 0, new ScriptedProbe());
        Path out = dir.resolve(name);
        ReportFiles.write(RunReport.evaluate(r, java.util.Arrays.stream(thresholds).map(ThresholdSpec::parse)
                .toList(), false), out);
        return out;
    }

    @Test
    void twoShardsMergeIntoOneExactResultWithThresholdsReEvaluated() throws Exception {
        Path a = saved("shard-a", 1, 400, "publish-ack.p99 < 2s");
        Path b = saved("shard-b", 401, 1000, "publish-ack.p99 < 2s");
        Path merged = dir.resolve("merged");
        CliRunner r = CliRunner.run("report", a.toString(), b.resolve("summary.json").toString(), "--out",
                merged.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("run shard-a+shard-b", "sensors.publish-ack", "PASS publish-ack.p99 < 2s",
                "verdict: PASSED (exit code 0)", "reports written to " + merged);
        RunReport back = SummaryReader.read(merged);
        Histogram union = LatencyHistograms.newHistogram();
        for (int v = 1; v <= 1000; v++) {
            union.recordValue(v * TestRuns.MS);
        }
        assertThat(back.result().run().latency(Operation.PUBLISH_ACK, null).corrected()).isEqualTo(union);
        assertThat(back.sources()).containsExactly("shard-a", "shard-b");
        // the threshold, the two default sanity rules, the generator, and the run's two checks
        assertThat(Files.readString(merged.resolve("junit.xml"))).contains("tests=\"6\" failures=\"0\"");
        assertThat(Files.readString(merged.resolve("report.html"))).contains("shard-a, shard-b");
    }

    @Test
    void aBreachedThresholdGivesExitCode3AndAJunitFailure() throws Exception {
        Path a = saved("run-1", 1, 1000, "publish-ack.p99 < 2s");
        CliRunner r = CliRunner.run("report", a.toString(), "--threshold", "publish-ack.p99 < 500ms");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).contains("FAIL publish-ack.p99 < 500ms: observed 990ms (whole run)",
                "verdict: BREACHED (exit code 3)");
        assertThat(Files.readString(a.resolve("junit.xml")))
                .contains("<failure message=\"observed 990ms, limit &lt; 500ms\" type=\"threshold\">");
    }

    @Test
    void countsComparedWithEqualsGroupsAndOutcomesJudgeASavedRun() throws Exception {
        Path a = saved("run-1", 1, 100);
        CliRunner r = CliRunner.run("report", a.toString(), "--threshold", "errors.count == 0", "--threshold",
                "publish-ack.count{group:sensors} == 100", "--threshold", "ota.succeeded{group:sensors} >= 8",
                "--threshold", "publish-ack.count{group:cams} == 0");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS errors.count == 0: observed 0 (whole run)",
                "PASS publish-ack.count{group:sensors} == 100: observed 100 (group sensors)",
                "PASS ota.succeeded{group:sensors} >= 8: observed 8 (group sensors)",
                "PASS publish-ack.count{group:cams} == 0: observed 0 (group cams)");
        CliRunner eq = CliRunner.run("report", a.toString(), "--threshold", "publish-ack.p99 == 1s");
        assertThat(eq.exitCode()).isEqualTo(2);
        assertThat(eq.err()).isEqualTo("fleetstorm: threshold 'publish-ack.p99 == 1s': '==' compares counts only "
                + "(errors.count, OPERATION.count, outcome counts); a latency is never exactly a number: did you mean "
                + "'publish-ack.p99 <= 1s'?\n");
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws Exception {
        CliRunner missing = CliRunner.run("report", dir.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("fleetstorm: " + dir.resolve("nope") + ": cannot read file\n");

        Path a = saved("run-1", 1, 10);
        CliRunner badThreshold = CliRunner.run("report", a.toString(), "--threshold", "publish-ack.p99 < 2");
        assertThat(badThreshold.exitCode()).isEqualTo(2);
        assertThat(badThreshold.err()).isEqualTo("fleetstorm: threshold 'publish-ack.p99 < 2': a latency limit "
                + "needs a unit (ns, us, ms, s, m, h), but was '2'\n");

        CliRunner window = CliRunner.run("report", a.toString(), "--threshold", "errors.rate{last:10s} < 1%");
        assertThat(window.exitCode()).isEqualTo(2);
        assertThat(window.err()).isEqualTo("fleetstorm: threshold 'errors.rate{last:10s} < 1%': a window "
                + "({last:...}) is judged while the run runs, and the saved run has no judgement of it; drop the "
                + "window to judge the whole run\n");

        Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
        CliRunner latin1 = CliRunner.run("report", dir.resolve("latin1.json").toString());
        assertThat(latin1.exitCode()).isEqualTo(2);
        assertThat(latin1.err()).isEqualTo("fleetstorm: " + dir.resolve("latin1.json")
                + ": not a fleetstorm summary.json: not valid UTF-8\n");

        Files.writeString(dir.resolve("bad.json"), "{\"schemaVersion\": 7}");
        CliRunner badFile = CliRunner.run("report", dir.resolve("bad.json").toString());
        assertThat(badFile.exitCode()).isEqualTo(2);
        assertThat(badFile.err()).isEqualTo("fleetstorm: " + dir.resolve("bad.json")
                + ": not a fleetstorm summary.json: schemaVersion must be 1, but was 7\n");
    }

    @Test
    void theHelpListsTheReportCommand() {
        assertThat(CliRunner.run("--help").out()).contains("report");
        List<String> lines = CliRunner.run("report", "--help").out().lines().toList();
        assertThat(lines.get(0)).startsWith("Usage: fleetstorm report");
    }
}
