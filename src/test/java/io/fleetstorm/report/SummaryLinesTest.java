package io.fleetstorm.report;

import static io.fleetstorm.report.TestRuns.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary's outcome sentences, the same in console, HTML and JUnit, and usable as threshold names. */
class SummaryLinesTest {

    private final RunResult result = VerdictTest.run(loop -> {
        VerdictTest.fleet(loop, 100, 98, 0);
        loop.count(0, Counter.CONNECT_RETRIES, null, 0, 37);
        loop.count(0, Counter.API_RETRIES, null, 0, 2);
        loop.count(1, Counter.DEVICES_PLANNED, null, 0, 1000);
        loop.count(1, Counter.MESSAGES_SENT, "telemetry", 0, 18000);
        loop.count(1, Counter.MESSAGES_SENT, "telemetry", 1, 500);
        for (int i = 0; i < 480; i++) {
            loop.recordLatency(1, Operation.PUBLISH_ACK, 0, 0, MS);
        }
        loop.count(1, Counter.MESSAGES_RECEIVED, "echo", 1, 20);
        loop.count(1, Counter.OTA_TARGETED, "ota", 0, 108);
        loop.count(1, Counter.OTA_COMMANDED, "ota", 1, 90);
        loop.count(1, Counter.OTA_SUCCEEDED, "ota", 1, 80);
        loop.count(1, Counter.OTA_FAILED, "ota", 1, 4);
        for (int i = 0; i < 3; i++) {
            loop.error(1, "ota", "fail_-5");
        }
        loop.error(1, "ota", "fail_-1");
        // the application's calls are counted as sent by the engine, but are not the devices' PUBLISH packets
        loop.count(1, Counter.MESSAGES_SENT, "shadow-desired", 0, 300);
        loop.count(1, Counter.SHADOW_DELTAS, "shadow", 0, 297);
        loop.count(1, Counter.MESSAGES_SENT, "downlink", 0, 50);
        for (int i = 0; i < 49; i++) {
            loop.recordLatency(1, Operation.DOWNLINK, 0, 0, 3 * MS);
        }
        loop.count(1, Counter.STORM_DROPPED, "reconnect", 0, 486);
        loop.count(1, Counter.DISCONNECTS, "lost", 0, 486);
        loop.count(1, Counter.DISCONNECTS, "clean", 0, 1000); // the run's end: not lost
    });

    /** The same run with its storm's recovery, as the engine reports it (a planned outage). */
    private final RunResult withStorm = new RunResult(result.info(), result.startedEpochMillis(),
            result.endedEpochMillis(), null, null, result.run(), result.phases(), result.series(),
            List.of(new Outage("cams", result.startedEpochMillis() + 60_000, 486, 1_200, 3_400, 4_100, 0, 0, true)));

    private static final List<String> OUTCOMES = List.of(
            "cams messages: messages.sent 18,500 (QoS 0: 18,000; QoS 1: 500, publish-ack.count 480 acknowledged, 20 "
                    + "not), messages.received 20",
            "cams ota: ota.targeted 108 of 1,000 devices (10.8%), ota.commanded 90, ota.succeeded 80, ota.failed 4 "
                    + "(3 burning the firmware failed (-5), 1 download timeout (-1)), 6 unfinished at the end",
            "cams reconnect storm: storm.dropped 486 of 1,000 devices (48.6%); 50% back after 1.2s, 99% after 3.4s, "
                    + "all after 4.1s, 0 never back",
            "cams shadow: shadow.desired 300 changes through the API, shadow.deltas 297 received (99% of the changes)",
            "cams downlinks: downlinks.sent 50 through the API, downlink.count 49 arrived (98%)",
            "cams connections: connections.lost 486 (unplanned), connect.retries 0");

    @Test
    void devicesRetriesAndOutcomesPerGroupAndBehaviour() {
        assertThat(SummaryLines.devices(result.run())).isEqualTo("devices: 1,000 in the run; 98 connected at least "
                + "once, 2 never connected; 37 connect retries; 2 API retries");
        assertThat(SummaryLines.outcomes(withStorm)).containsExactlyElementsOf(OUTCOMES);
        assertThat(SummaryLines.targetOutages(withStorm)).as("a storm is an outcome, not a target outage").isEmpty();
        assertThat(SummaryLines.outage(withStorm.outages().get(0), withStorm)).isEqualTo("reconnect storm in group "
                + "cams at 1m: 486 of 1,000 devices (48.6%) dropped, 50% back after 1.2s, 99% after 3.4s, all "
                + "after 4.1s, 0 never back");
    }

    @Test
    void applicationCallsAreCountedApartFromTheDevicesMessages() {
        RunReport r = RunReport.evaluate(result, List.of(ThresholdSpec.parse("messages.sent == 18500"),
                ThresholdSpec.parse("shadow.desired == 300"), ThresholdSpec.parse("downlinks.sent == 50"),
                ThresholdSpec.parse("ota.targeted >= 100"), ThresholdSpec.parse("storm.dropped{group:cams} < 500"),
                ThresholdSpec.parse("devices.planned == 1000"), ThresholdSpec.parse("connections.lost == 486"),
                ThresholdSpec.parse("connections.closed == 1000")), false);
        assertThat(r.thresholdResults()).allMatch(ThresholdResult::passed);
    }

    @Test
    void theOutcomeNamesAreThresholds() {
        RunReport r = RunReport.evaluate(result, List.of(ThresholdSpec.parse("ota.succeeded >= 80"),
                ThresholdSpec.parse("ota.failed{group:cams} == 0"),
                ThresholdSpec.parse("devices.never-connected <= 2"), ThresholdSpec.parse("connect.ratio >= 98%")),
                false);
        assertThat(r.thresholdResults()).extracting(ThresholdResult::describe).containsExactly(
                "PASS ota.succeeded >= 80: observed 80 (whole run)",
                "FAIL ota.failed{group:cams} == 0: observed 4 (group cams)",
                "PASS devices.never-connected <= 2: observed 2 (whole run)",
                "PASS connect.ratio >= 98%: observed 98% (whole run)");
    }

    @Test
    void theConsoleHtmlAndJunitSayTheSame() {
        RunReport r = RunReport.evaluate(withStorm, List.of(), false);
        String console = ConsoleSummary.render(r);
        assertThat(console).contains(SummaryLines.OUTCOMES_HEADER + "\n  " + String.join("\n  ", OUTCOMES) + "\n")
                .contains("  cams                 ota          fail_-5              3  the device reported the "
                        + "upgrade failed (-5): burning the firmware failed")
                .doesNotContain("reconnect storm in group");
        String html = HtmlReport.render(r);
        OUTCOMES.forEach(line -> assertThat(html).contains("<li>" + HtmlReport.esc(line) + "</li>"));
        assertThat(html).contains("<td class=\"l\">fail_-5</td><td>3</td><td class=\"l\">the device reported the "
                + "upgrade failed (-5): burning the firmware failed");
        String junit = JunitReport.render(r);
        OUTCOMES.forEach(line -> assertThat(junit).contains("outcome " + JunitReport.xml(line) + "\n"));
        assertThat(junit).contains("  cams ota/fail_-5 3: the device reported the upgrade failed (-5): burning");
    }

    @Test
    void percentagesArePrintedAsAPersonWritesThem() {
        assertThat(SummaryLines.percent(0.58831)).isEqualTo("58.8%");
        assertThat(SummaryLines.percent(1.0)).isEqualTo("100%");
        assertThat(SummaryLines.percent(-1)).isEqualTo("n/a");
        assertThat(ConsoleSummary.generator(result.run())).isEqualTo("generator: cpu max 10%, busy 0s, loop lag p99 "
                + "n/a, late starts 0 of 0 started, fell behind in 0s of 1s (longest 0s in a row)");
    }

    @Test
    void xmlCarriesNoCharacterItCannotHold() {
        assertThat(JunitReport.xml("a\u0000b\u001bc<\"&>\t\n")).isEqualTo("a\uFFFDb\uFFFDc&lt;&quot;&amp;&gt;\t\n");
    }
}
