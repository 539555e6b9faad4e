package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeSyncMessagesTest {
    @Test
    void requestAsTheCSdkSendsIt() {
        assertThat(TimeSyncMessages.request()).isEqualTo("{\"type\": \"get\", \"resource\": [\"time\"]}");
    }

    @Test
    void reply() {
        assertThat(TimeSyncMessages.reply(1700000000L, 1700000000123L, 1700000000125L)).isEqualTo(
                "{\"type\":\"get\",\"time\":1700000000,\"ntptime1\":1700000000123,\"ntptime2\":1700000000125}");
    }

    @Test
    void recognisesTimeRequests() {
        assertThat(TimeSyncMessages.isTimeRequest(TimeSyncMessages.request())).isTrue();
        assertThat(TimeSyncMessages.isTimeRequest("{\"type\":\"get\",\"resource\":[\"other\",\"time\"]}")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "nonsense",
        "[\"time\"]",
        "{\"type\":\"set\",\"resource\":[\"time\"]}",
        "{\"type\":\"get\",\"resource\":\"time\"}",
        "{\"type\":\"get\",\"resource\":[]}",
        "{\"type\":\"get\"}",
    })
    void anythingElseIsNotATimeRequest(String json) {
        assertThat(TimeSyncMessages.isTimeRequest(json)).isFalse();
    }

    @Test
    void nullIsNotATimeRequest() {
        assertThat(TimeSyncMessages.isTimeRequest(null)).isFalse();
    }

    @Test
    void devicesReadTheReplyBack() throws ProtocolException {
        TimeReply reply = TimeReply.parse(TimeSyncMessages.reply(1700000000L, 1700000000123L, 1700000000125L));
        assertThat(reply).isEqualTo(new TimeReply(1700000000L, 1700000000123L, 1700000000125L));
        assertThat(reply.encode()).isEqualTo(TimeSyncMessages.reply(1700000000L, 1700000000123L, 1700000000125L));
    }

    @Test
    void malformedRepliesAreRejected() {
        assertThatThrownBy(() -> TimeReply.parse("{\"type\":\"get\",\"time\":1}"))
                .isInstanceOf(ProtocolException.class).hasMessage("time reply has no \"ntptime1\"");
        assertThatThrownBy(() -> TimeReply.parse("{\"type\":\"set\"}"))
                .hasMessage("time reply \"type\" must be get, but was \"set\"");
    }
}
