package io.fleetstorm.hub.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.ShadowMessages;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact bytes the hub's shadow answers with, at a fixed clock (golden JSON). */
class ShadowServiceTest {

    private static final DeviceId DEV = new DeviceId("1A17RZR3XX", "dev001");
    private static final String RESULT_TOPIC = "$shadow/operation/result/1A17RZR3XX/dev001";
    private final AtomicLong clock = new AtomicLong(1_700_000_000_123L);
    private final RecordingDownlink downlink = new RecordingDownlink();
    private final ServiceCounters counters = new ServiceCounters();
    private final ShadowService shadow = new ShadowService(new ShadowStore(clock::get), downlink, counters,
            clock::get);

    private String request(String json) {
        shadow.handle(DEV, Topics.shadowOperation(DEV), json.getBytes(StandardCharsets.UTF_8), 0);
        assertThat(downlink.last().topic()).isEqualTo(RESULT_TOPIC);
        assertThat(downlink.last().qos()).isZero();
        return downlink.lastPayload();
    }

    @Test
    void handlesOnlyTheShadowRequestTopic() {
        assertThat(shadow.handles("$shadow/operation/1A17RZR3XX/dev001")).isTrue();
        assertThat(shadow.handles("$shadow/operation/result/1A17RZR3XX/dev001")).isFalse();
        assertThat(shadow.handles("$sys/operation/1A17RZR3XX/dev001")).isFalse();
    }

    @Test
    void getOfANewDeviceIsAnEmptyReportedStateAtVersion0() {
        assertThat(request("{\"type\":\"get\", \"clientToken\":\"1A17RZR3XX-0\"}")).isEqualTo(
                "{\"clientToken\":\"1A17RZR3XX-0\",\"payload\":{\"state\":{\"reported\":{}},"
                        + "\"timestamp\":1700000000123,\"version\":0},\"result\":0,\"timestamp\":1700000000,"
                        + "\"type\":\"get\"}");
    }

    @Test
    void updateEchoesOnlyTheUpdatedFieldsWithTheNextVersionAndItsTime() {
        request("{\"type\":\"update\", \"state\":{\"reported\":{\"humidity\":40}}, \"clientToken\":\"P-1\"}");
        clock.set(1_700_000_005_777L);
        assertThat(request("{\"type\":\"update\", \"state\":{\"reported\":{\"temperature\":27}}, \"version\":0,"
                + " \"clientToken\":\"P-2\"}")).isEqualTo(
                "{\"clientToken\":\"P-2\",\"payload\":{\"state\":{\"reported\":{\"temperature\":27}},"
                        + "\"timestamp\":1700000005777,\"version\":2},\"result\":0,\"timestamp\":1700000005,"
                        + "\"type\":\"update\"}");
    }

    @Test
    void getWithDesiredShowsTheDeltaOfTheFieldsThatDiffer() {
        request("{\"type\":\"update\", \"state\":{\"reported\":{\"temperature\":27,\"on\":true}},"
                + " \"clientToken\":\"a\"}");
        shadow.updateDesired(DEV, new JsonObject().put("temperature", 20).put("on", true), false, 1);
        assertThat(request("{\"type\":\"get\", \"clientToken\":\"b\"}")).isEqualTo(
                "{\"clientToken\":\"b\",\"payload\":{\"state\":{\"reported\":{\"temperature\":27,\"on\":true},"
                        + "\"desired\":{\"temperature\":20,\"on\":true},\"delta\":{\"temperature\":20}},"
                        + "\"timestamp\":1700000000123,\"version\":2},\"result\":0,\"timestamp\":1700000000,"
                        + "\"type\":\"get\"}");
    }

    @Test
    void desiredChangedByTheApplicationPushesAFlatDeltaWithoutClientToken() {
        request("{\"type\":\"update\", \"state\":{\"reported\":{\"temperature\":27}}, \"clientToken\":\"a\"}");
        ShadowDocument.Outcome outcome = shadow.updateDesired(DEV, new JsonObject().put("temperature", 20), false, 1);
        assertThat(outcome.ok()).isTrue();
        assertThat(downlink.last().topic()).isEqualTo(RESULT_TOPIC);
        assertThat(downlink.lastPayload()).isEqualTo("{\"type\":\"delta\",\"timestamp\":1700000000,\"payload\":"
                + "{\"state\":{\"temperature\":20},\"version\":2,\"timestamp\":1700000000123}}");
        assertThat(counters.deltasPushed.sum()).isEqualTo(1);
    }

    @Test
    void desiredEqualToReportedPushesNoDelta() {
        request("{\"type\":\"update\", \"state\":{\"reported\":{\"temperature\":20}}, \"clientToken\":\"a\"}");
        int before = downlink.sent.size();
        assertThat(shadow.updateDesired(DEV, new JsonObject().put("temperature", 20), false, 1).ok()).isTrue();
        assertThat(downlink.sent).hasSize(before);
    }

    @Test
    void theApplicationsVersionMustBeTheCurrentOne() {
        ShadowDocument.Outcome stale = shadow.updateDesired(DEV, new JsonObject().put("t", 1), false, 3);
        assertThat(stale.result()).isEqualTo(ShadowMessages.RESULT_VERSION_CONFLICT);
        assertThat(downlink.sent).isEmpty();
    }

    @Test
    void aStaleVersionGets5005WithTheWholeDocument() {
        request("{\"type\":\"update\", \"state\":{\"reported\":{\"temperature\":27}}, \"clientToken\":\"a\"}");
        shadow.updateDesired(DEV, new JsonObject().put("on", true), false, 1);
        assertThat(request("{\"type\":\"update\", \"state\":{\"reported\":{\"temperature\":28}}, \"version\":1,"
                + " \"clientToken\":\"P-9\"}")).isEqualTo(
                "{\"clientToken\":\"P-9\",\"payload\":{\"state\":{\"reported\":{\"temperature\":27},"
                        + "\"desired\":{\"on\":true},\"delta\":{\"on\":true}},\"timestamp\":1700000000123,"
                        + "\"version\":2},\"result\":5005,\"timestamp\":1700000000,\"type\":\"update\"}");
    }

    @Test
    void theCurrentVersionIsAccepted() {
        request("{\"type\":\"update\", \"state\":{\"reported\":{\"a\":1}}, \"clientToken\":\"a\"}");
        assertThat(request("{\"type\":\"update\", \"state\":{\"reported\":{\"a\":2}}, \"version\":1,"
                + " \"clientToken\":\"b\"}")).contains("\"result\":0", "\"version\":2");
    }

    @Test
    void desiredNullClearsDesiredAndNullFieldsDeleteAndArraysAreReplacedWhole() {
        request("{\"type\":\"update\", \"state\":{\"reported\":{\"a\":1,\"b\":[1,2,3],\"n\":{\"x\":1,\"y\":2}}},"
                + " \"clientToken\":\"1\"}");
        shadow.updateDesired(DEV, new JsonObject().put("a", 5), false, 1);
        assertThat(request("{\"type\":\"update\", \"state\":{\"reported\":{\"a\":null,\"b\":[9],\"n\":{\"y\":null}},"
                + " \"desired\":null}, \"clientToken\":\"2\"}")).isEqualTo(
                "{\"clientToken\":\"2\",\"payload\":{\"state\":{\"reported\":"
                        + "{\"a\":null,\"b\":[9],\"n\":{\"y\":null}}},"
                        + "\"timestamp\":1700000000123,\"version\":3},\"result\":0,\"timestamp\":1700000000,"
                        + "\"type\":\"update\"}");
        assertThat(request("{\"type\":\"get\", \"clientToken\":\"3\"}")).isEqualTo(
                "{\"clientToken\":\"3\",\"payload\":{\"state\":{\"reported\":{\"b\":[9],\"n\":{\"x\":1}}},"
                        + "\"timestamp\":1700000000123,\"version\":3},\"result\":0,\"timestamp\":1700000000,"
                        + "\"type\":\"get\"}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "not json                                                     | {\"result\":5001,\"timestamp\":1700000000,\"type\":\"get\"}",
        "{\"type\":\"update\",\"clientToken\":\"t1\",\"state\":5}       | {\"clientToken\":\"t1\",\"result\":5001,\"timestamp\":1700000000,\"type\":\"update\"}",
        "{\"type\":\"update\",\"clientToken\":\"t2\",\"state\":{}}      | {\"clientToken\":\"t2\",\"result\":5001,\"timestamp\":1700000000,\"type\":\"update\"}",
        "{\"type\":\"delete\",\"clientToken\":\"t3\"}                   | {\"clientToken\":\"t3\",\"result\":5002,\"timestamp\":1700000000,\"type\":\"delete\"}",
        "{\"type\":\"get\"}                                             | {\"payload\":{\"state\":{\"reported\":{}},\"timestamp\":1700000000123,\"version\":0},\"result\":0,\"timestamp\":1700000000,\"type\":\"get\"}",
        "{\"type\":\"update\",\"clientToken\":\"t4\",\"state\":{\"reported\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":1}}}}}}}} | {\"clientToken\":\"t4\",\"result\":5004,\"timestamp\":1700000000,\"type\":\"update\"}",
    })
    void badRequestsGetAnErrorResultWithTheirClientTokenWhenReadable(String request, String answer) {
        assertThat(request(request)).isEqualTo(answer);
    }

    @Test
    void fiveLevelsOfObjectsInReportedAreAllowed() {
        assertThat(request("{\"type\":\"update\",\"clientToken\":\"t\",\"state\":{\"reported\":"
                + "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}}}")).contains("\"result\":0");
    }

    @Test
    void aDocumentAbove16KbIsRefusedWith5003AndLeftUnchanged() {
        String big = "x".repeat(ShadowMessages.MAX_DOCUMENT_BYTES);
        assertThat(request("{\"type\":\"update\",\"clientToken\":\"t\",\"state\":{\"reported\":{\"s\":\"" + big
                + "\"}}}")).isEqualTo(
                "{\"clientToken\":\"t\",\"result\":5003,\"timestamp\":1700000000,\"type\":\"update\"}");
        assertThat(shadow.snapshot(DEV).version()).isZero();
    }

    @Test
    void countersByTypeAndResult() {
        request("{\"type\":\"get\"}");
        request("{\"type\":\"update\",\"state\":{\"reported\":{\"a\":1}}}");
        request("{\"type\":\"nope\"}");
        request("[");
        assertThat(counters.snapshot().shadowRequests()).containsEntry("get", 1L).containsEntry("update", 1L)
                .containsEntry("unknown", 1L).containsEntry("invalid", 1L);
        assertThat(counters.snapshot().shadowResults()).containsEntry(0, 2L).containsEntry(5001, 1L)
                .containsEntry(5002, 1L);
    }
}
