package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShadowMessagesTest {
    private static final JsonObject REPORTED = new JsonObject().put("temperature", 27);

    @Test
    void getRequestAsTheSdkSendsIt() {
        assertThat(ShadowMessages.getRequest("PID-0")).isEqualTo("{\"type\":\"get\", \"clientToken\":\"PID-0\"}");
    }

    @Test
    void updateRequestAsTheCSdkSendsIt() {
        assertThat(ShadowMessages.updateRequest(REPORTED, "PID-1", null))
                .isEqualTo("{\"type\":\"update\", \"state\":{\"reported\":{\"temperature\":27}},"
                        + " \"clientToken\":\"PID-1\"}");
    }

    @Test
    void updateRequestWithVersionAsTheJavaSdkSendsIt() {
        assertThat(ShadowMessages.updateRequest(REPORTED, "PIDdev-1", 0L)).isEqualTo(
                "{\"type\":\"update\", \"state\":{\"reported\":{\"temperature\":27}}, \"version\":0,"
                        + " \"clientToken\":\"PIDdev-1\"}");
    }

    @Test
    void deltaAcknowledgementClearsDesired() {
        assertThat(ShadowMessages.ackDeltaRequest(REPORTED, "PID-2", null)).isEqualTo(
                "{\"type\":\"update\", \"state\":{\"reported\":{\"temperature\":27}, \"desired\":null},"
                        + " \"clientToken\":\"PID-2\"}");
        assertThat(ShadowMessages.ackDeltaRequest(null, "PID-3", 4L)).isEqualTo(
                "{\"type\":\"update\", \"state\":{\"desired\":null}, \"version\":4, \"clientToken\":\"PID-3\"}");
    }

    @Test
    void clientTokensAreEscaped() {
        assertThat(ShadowMessages.getRequest("a\"b\\c\n\u0001"))
                .isEqualTo("{\"type\":\"get\", \"clientToken\":\"a\\\"b\\\\c\\n\\u0001\"}");
    }

    @Test
    void getReplyOfANewDevice() {
        assertThat(ShadowMessages.getReply("PID-0", new JsonObject(), null, null, 1700000000123L, 0, 0, 1700000000L))
                .isEqualTo("{\"clientToken\":\"PID-0\",\"payload\":{\"state\":{\"reported\":{}},"
                        + "\"timestamp\":1700000000123,\"version\":0},\"result\":0,\"timestamp\":1700000000,"
                        + "\"type\":\"get\"}");
    }

    @Test
    void getReplyWithDesiredAndDelta() {
        JsonObject desired = new JsonObject().put("temperature", 20);
        assertThat(ShadowMessages.getReply("PID-0", REPORTED, desired, desired, 1700000000123L, 3, 0, 1700000000L))
                .isEqualTo("{\"clientToken\":\"PID-0\",\"payload\":{\"state\":{\"reported\":{\"temperature\":27},"
                        + "\"desired\":{\"temperature\":20},\"delta\":{\"temperature\":20}},"
                        + "\"timestamp\":1700000000123,\"version\":3},\"result\":0,\"timestamp\":1700000000,"
                        + "\"type\":\"get\"}");
    }

    @Test
    void updateReplyCarriesOnlyTheUpdatedFields() {
        assertThat(ShadowMessages.updateReply("PID-1", REPORTED, null, 1700000000123L, 1, 0, 1700000000L))
                .isEqualTo("{\"clientToken\":\"PID-1\",\"payload\":{\"state\":{\"reported\":{\"temperature\":27}},"
                        + "\"timestamp\":1700000000123,\"version\":1},\"result\":0,\"timestamp\":1700000000,"
                        + "\"type\":\"update\"}");
    }

    @Test
    void conflictReplyCarriesTheWholeDocument() {
        JsonObject desired = new JsonObject().put("on", true);
        assertThat(ShadowMessages.conflictReply("PID-1", REPORTED, desired, null, 1700000000123L, 7, 1700000000L))
                .isEqualTo("{\"clientToken\":\"PID-1\",\"payload\":{\"state\":{\"reported\":{\"temperature\":27},"
                        + "\"desired\":{\"on\":true}},\"timestamp\":1700000000123,\"version\":7},\"result\":5005,"
                        + "\"timestamp\":1700000000,\"type\":\"update\"}");
    }

    @Test
    void errorReply() {
        assertThat(ShadowMessages.errorReply("update", "PID-1", ShadowMessages.RESULT_DOCUMENT_TOO_LARGE, 1700000000L))
                .isEqualTo("{\"clientToken\":\"PID-1\",\"result\":5003,\"timestamp\":1700000000,\"type\":\"update\"}");
        assertThat(ShadowMessages.errorReply("get", null, ShadowMessages.RESULT_BAD_REQUEST, 1700000000L))
                .isEqualTo("{\"result\":5001,\"timestamp\":1700000000,\"type\":\"get\"}");
    }

    @Test
    void deltaIsFlatWithoutClientToken() {
        assertThat(ShadowMessages.delta(new JsonObject().put("temperature", 20), 4, 1700000000123L, 1700000000L))
                .isEqualTo("{\"type\":\"delta\",\"timestamp\":1700000000,\"payload\":{\"state\":"
                        + "{\"temperature\":20},\"version\":4,\"timestamp\":1700000000123}}");
    }

    @Test
    void resultCodes() {
        assertThat(ShadowMessages.RESULT_OK).isZero();
        assertThat(ShadowMessages.RESULT_BAD_REQUEST).isEqualTo(5001);
        assertThat(ShadowMessages.RESULT_UNKNOWN_TYPE).isEqualTo(5002);
        assertThat(ShadowMessages.RESULT_DOCUMENT_TOO_LARGE).isEqualTo(5003);
        assertThat(ShadowMessages.RESULT_NESTING_TOO_DEEP).isEqualTo(5004);
        assertThat(ShadowMessages.RESULT_VERSION_CONFLICT).isEqualTo(5005);
    }

    @Test
    void nestingDepth() {
        assertThat(ShadowMessages.nestingDepth(27)).isZero();
        assertThat(ShadowMessages.nestingDepth(new JsonObject())).isEqualTo(1);
        assertThat(ShadowMessages.nestingDepth(REPORTED)).isEqualTo(1);
        assertThat(ShadowMessages.nestingDepth(new JsonObject().put("a", new JsonArray().add(new JsonObject()
                .put("b", 1))))).isEqualTo(3);
        assertThat(ShadowMessages.nestingDepth(new JsonObject("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{}}}}}}")))
                .isEqualTo(6);
    }

    @Test
    void parsesEverySdkRequestBack() throws ProtocolException {
        ShadowRequest get = ShadowRequest.parse(ShadowMessages.getRequest("PID-0"));
        assertThat(get).isEqualTo(new ShadowRequest("get", "PID-0", null, null));

        ShadowRequest update = ShadowRequest.parse(ShadowMessages.updateRequest(REPORTED, "PID-1", 0L));
        assertThat(update.type()).isEqualTo("update");
        assertThat(update.clientToken()).isEqualTo("PID-1");
        assertThat(update.reported()).isEqualTo(REPORTED);
        assertThat(update.version()).isZero();
        assertThat(update.checksVersion()).isFalse();
        assertThat(update.clearsDesired()).isFalse();

        ShadowRequest ack = ShadowRequest.parse(ShadowMessages.ackDeltaRequest(REPORTED, "PID-2", 5L));
        assertThat(ack.clearsDesired()).isTrue();
        assertThat(ack.desired()).isNull();
        assertThat(ack.checksVersion()).isTrue();
    }

    @Test
    void unknownTypesParseSoTheHubCanAnswerThem() throws ProtocolException {
        assertThat(ShadowRequest.parse("{\"type\":\"delete\",\"clientToken\":\"t\"}").type()).isEqualTo("delete");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(value = {
        "'' | shadow request is empty",
        "not json | shadow request is not a JSON object: not json",
        "[1,2] | shadow request is not a JSON object: [1,2]",
        "{} | shadow request has no \"type\"",
        "{\"type\":5} | shadow request \"type\" must be a string, but was 5",
        "{\"type\":\"\"} | shadow request \"type\" is empty",
        "{\"type\":\"get\",\"clientToken\":1} | shadow request \"clientToken\" must be a string, but was 1",
        "{\"type\":\"update\",\"clientToken\":\"t\"} | shadow update request has no \"state\"",
        "{\"type\":\"update\",\"state\":[1]} | shadow request \"state\" must be an object, but was [1]",
        "{\"type\":\"update\",\"state\":{\"reported\":1}} | shadow update state \"reported\" must be an object,"
                + " but was 1",
        "{\"type\":\"update\",\"state\":{\"desired\":\"x\"}} | shadow update state \"desired\" must be an object,"
                + " but was \"x\"",
        "{\"type\":\"update\",\"state\":{},\"version\":\"1\"} | shadow request \"version\" must be an integer,"
                + " but was \"1\"",
        "{\"type\":\"update\",\"state\":{},\"version\":1.5} | shadow request \"version\" must be an integer,"
                + " but was 1.5",
        "{\"type\":\"update\",\"state\":{},\"version\":-1} | shadow request \"version\" must be >= 0, but was -1",
    }, delimiter = '|')
    void rejectsMalformedRequestsWithClearText(String json, String message) {
        assertThatThrownBy(() -> ShadowRequest.parse(json)).isInstanceOf(ProtocolException.class).hasMessage(message);
    }

    @Test
    void devicesReadAnswersAndDeltas() throws ProtocolException {
        ShadowReply answer = ShadowReply.parse(
                ShadowMessages.updateReply("PID-1", REPORTED, null, 1700000000123L, 1, 0, 1700000000L));
        assertThat(answer).isEqualTo(new ShadowReply("update", "PID-1", 0,
                new JsonObject().put("reported", REPORTED), 1L, 1700000000L));
        assertThat(answer.isDelta()).isFalse();

        ShadowReply delta = ShadowReply.parse(ShadowMessages.delta(REPORTED, 4, 1700000000123L, 1700000000L));
        assertThat(delta.isDelta()).isTrue();
        assertThat(delta.clientToken()).isNull();
        assertThat(delta.result()).isNull();
        assertThat(delta.state()).isEqualTo(REPORTED);
        assertThat(delta.version()).isEqualTo(4L);

        ShadowReply error = ShadowReply.parse(ShadowMessages.errorReply("get", "PID-0", 5001, 1700000000L));
        assertThat(error.result()).isEqualTo(5001);
        assertThat(error.state()).isNull();
    }
}
