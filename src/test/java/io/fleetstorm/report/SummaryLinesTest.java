package io.fleetstorm.report;

import static io.fleetstorm.report.TestRuns.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary's outcome sentences, the same in console, HTML and JUnit, and usable as threshold names. */
class SummaryLinesTest {

    private final RunResult result = VerdictTest.run(loop -> {
        VerdictTest.fleet(loop, 100, 98, 0);
        loop.count(0, Counter.CONNECT_RETRIES, null, 0, 37);
        loop.count(0, Counter.API_RETRIES, null, 0, 2);
        loop.count(1, Counter.MESSAGES_SENT, "telemetry", 0, 100);
        loop.count(1, Counter.MESSAGES_SENT, "telemetry", 1, 500);
        for (int i = 0; i < 480; i++) {
            loop.recordLatency(1, Operation.PUBLISH_ACK, 0, 0, MS);
        }
        loop.count(1, Counter.MESSAGES_RECEIVED, "echo", 1, 20);
        loop.count(1, Counter.OTA_COMMANDED, "ota", 1, 90);
        loop.count(1, Counter.OTA_SUCCEEDED, "ota", 1, 86);
        loop.count(1, Counter.OTA_FAILED, "ota", 1, 4);
        for (int i = 0; i < 4; i++) {
            loop.error(1, "ota", "fail_-5");
        }
    });

    @Test
    void devicesRetriesAndOutcomesPerGroup() {
        assertThat(SummaryLines.devices(result.run())).isEqualTo("devices: 98 connected at least once, 2 never "
                + "connected; 37 connect retries; 2 API retries");
        assertThat(SummaryLines.outcomes(result.run(), result.info().groups())).containsExactly(
                "cams: messages.sent 600 (QoS 0: 100, QoS 1: 500), publish-ack.count 480, messages.received 20, "
                        + "ota.commanded 90, ota.succeeded 86, ota.failed 4");
    }

    @Test
    void theOutcomeNamesAreThresholds() {
        RunReport r = RunReport.evaluate(result, List.of(ThresholdSpec.parse("ota.succeeded >= 86"),
                ThresholdSpec.parse("ota.failed{group:cams} == 0"),
                ThresholdSpec.parse("devices.never-connected <= 2"), ThresholdSpec.parse("connect.ratio >= 98%")),
                false);
        assertThat(r.thresholdResults()).extracting(ThresholdResult::describe).containsExactly(
                "PASS ota.succeeded >= 86: observed 86 (whole run)",
                "FAIL ota.failed{group:cams} == 0: observed 4 (group cams)",
                "PASS devices.never-connected <= 2: observed 2 (whole run)",
                "PASS connect.ratio >= 98%: observed 98.000% (whole run)");
    }

    @Test
    void theConsoleHtmlAndJunitSayTheSame() {
        RunReport r = RunReport.evaluate(result, List.of(), false);
        String console = ConsoleSummary.render(r);
        String outcome = "cams: messages.sent 600 (QoS 0: 100, QoS 1: 500), publish-ack.count 480, "
                + "messages.received 20, ota.commanded 90, ota.succeeded 86, ota.failed 4";
        assertThat(console).contains(SummaryLines.OUTCOMES_HEADER + "\n  " + outcome + "\n")
                .contains("  cams                 ota          fail_-5              4  the device reported the "
                        + "upgrade failed (-5)\n");
        assertThat(HtmlReport.render(r)).contains("<li>" + outcome + "</li>",
                "<td class=\"l\">fail_-5</td><td>4</td><td class=\"l\">the device reported the upgrade failed "
                        + "(-5)</td>");
        assertThat(JunitReport.render(r)).contains("outcome " + outcome + "\n",
                "  cams ota/fail_-5 4: the device reported the upgrade failed (-5)\n");
    }

    @Test
    void percentagesArePrintedAsAPersonWritesThem() {
        assertThat(SummaryLines.percent(0.58831)).isEqualTo("58.8%");
        assertThat(SummaryLines.percent(1.0)).isEqualTo("100%");
        assertThat(SummaryLines.percent(-1)).isEqualTo("n/a");
        assertThat(ConsoleSummary.generator(result.run())).isEqualTo("generator: cpu max 10%, busy 0 s, loop lag p99 "
                + "n/a, late starts 0 of 0 started, fell behind in 0 of 1 s (longest 0 s in a row)");
    }

    @Test
    void xmlCarriesNoCharacterItCannotHold() {
        assertThat(JunitReport.xml("a\u0000b\u001bc<\"&>\t\n")).isEqualTo("a\uFFFDb\uFFFDc&lt;&quot;&amp;&gt;\t\n");
    }
}
