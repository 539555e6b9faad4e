package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Gateway messages as addendum section 11 and the C SDK's formats write them. */
class GatewayMessagesTest {
    private static final DeviceId SUB = new DeviceId("Q7X9Z2KLMN", "sensor-00042");

    @Test
    void onlineOfflineAndUnbindAreTheCSdkStatusFormat() {
        assertThat(GatewayMessages.online(SUB)).isEqualTo("{\"type\":\"online\",\"payload\":{\"devices\":"
                + "[{\"product_id\":\"Q7X9Z2KLMN\",\"device_name\":\"sensor-00042\"}]}}");
        assertThat(GatewayMessages.offline(SUB)).startsWith("{\"type\":\"offline\",");
        assertThat(GatewayMessages.unbind(SUB)).startsWith("{\"type\":\"unbind\",");
        assertThat(GatewayMessages.describeSubDevices()).isEqualTo("{\"type\":\"describe_sub_devices\"}");
    }

    @Test
    void bindCarriesSignatureRandomTimestampMethodAndAuthType() {
        BindSignature.Signed s = BindSignature.sign(SignMethod.HMACSHA1,
                BindSignature.pskKey("bXlkZXZpY2Vwc2s="), SUB, 1804289383L, 1717171717L);
        assertThat(GatewayMessages.bind(SUB, s, GatewayMessages.AUTH_PSK)).isEqualTo(
                "{\"type\":\"bind\",\"payload\":{\"devices\":[{\"product_id\":\"Q7X9Z2KLMN\","
                        + "\"device_name\":\"sensor-00042\",\"signature\":\"MmeQ/5NwsYzksHyogTG0qP4o6jM=\","
                        + "\"random\":1804289383,\"timestamp\":1717171717,\"signmethod\":\"hmacsha1\","
                        + "\"authtype\":\"psk\"}]}}");
    }

    @Test
    void answersRepeatTheEntriesWithTheirResult() {
        assertThat(GatewayMessages.answer("online", List.of(new GatewayMessages.Result("Q7X9Z2KLMN",
                "sensor-00042", 0)))).isEqualTo("{\"type\":\"online\",\"payload\":{\"devices\":[{\"product_id\":"
                        + "\"Q7X9Z2KLMN\",\"device_name\":\"sensor-00042\",\"result\":0}]}}");
        assertThat(GatewayMessages.describeAnswer(List.of(SUB))).isEqualTo("{\"type\":\"describe_sub_devices\","
                + "\"payload\":{\"devices\":[{\"product_id\":\"Q7X9Z2KLMN\",\"device_name\":\"sensor-00042\"}]}}");
        assertThat(GatewayMessages.change(1, List.of(SUB))).isEqualTo("{\"type\":\"change\",\"payload\":{\"status\":1,"
                + "\"devices\":[{\"product_id\":\"Q7X9Z2KLMN\",\"device_name\":\"sensor-00042\"}]}}");
    }

    @Test
    void acknowledgementsAreTheCSdkFormats() {
        assertThat(GatewayMessages.changeAck(0, List.of(SUB))).isEqualTo("{\"type\":\"change\", \"payload\":"
                + "{\"status\":0, \"devices\":[{\"product_id\":\"Q7X9Z2KLMN\",\"device_name\":\"sensor-00042\","
                + "\"result\":0}]}}");
        assertThat(GatewayMessages.searchAck(1))
                .isEqualTo("{\"type\":\"search_devices\", \"payload\":{\"status\":1, \"result\":0}}");
        assertThat(GatewayMessages.unbindAllAck()).isEqualTo("{\"type\":\"unbind_all\", \"payload\":{\"result\":0}}");
    }

    @Test
    void parsesARequestEntryByEntryKeepingWhatIsWrong() throws ProtocolException {
        GatewayMessage m = GatewayMessage.parse("{\"type\":\"bind\",\"payload\":{\"devices\":[{\"product_id\":"
                + "\"Q7X9Z2KLMN\",\"device_name\":\"sensor-00042\",\"signature\":\"x\",\"random\":5,"
                + "\"timestamp\":\"17\",\"signmethod\":\"hmacsha1\",\"authtype\":\"psk\"},{\"device_name\":7},3]}}");
        assertThat(m.type()).isEqualTo("bind");
        assertThat(m.devices()).hasSize(3);
        GatewayMessage.Entry first = m.first();
        assertThat(first.valid()).isTrue();
        assertThat(first.id()).isEqualTo(SUB);
        assertThat(first.random()).isEqualTo(5L);
        assertThat(first.timestamp()).isEqualTo(17L);
        assertThat(first.signMethod()).isEqualTo("hmacsha1");
        assertThat(m.devices().get(1).valid()).isFalse();
        assertThat(m.devices().get(2).valid()).isFalse();
    }

    @Test
    void parsesAnswersStatusAndResults() throws ProtocolException {
        GatewayMessage change = GatewayMessage.parse(GatewayMessages.change(0, List.of(SUB)));
        assertThat(change.status()).isEqualTo(0);
        assertThat(change.first().id()).isEqualTo(SUB);
        GatewayMessage answer = GatewayMessage.parse(GatewayMessages.answer("bind",
                List.of(new GatewayMessages.Result("Q7X9Z2KLMN", "sensor-00042", 809))));
        assertThat(answer.first().result()).isEqualTo(809);
        assertThat(GatewayMessage.parse(GatewayMessages.unbindAllAck()).result()).isEqualTo(0);
        assertThat(GatewayMessage.parse("{\"type\":\"describe_sub_devices\"}").devices()).isEmpty();
    }

    @Test
    void refusesWhatIsNotAMessage() {
        assertThatThrownBy(() -> GatewayMessage.parse("[1]")).isInstanceOf(ProtocolException.class)
                .hasMessage("gateway message is not a JSON object: [1]");
        assertThatThrownBy(() -> GatewayMessage.parse("{\"payload\":{}}")).isInstanceOf(ProtocolException.class)
                .hasMessage("gateway message has no \"type\"");
        assertThatThrownBy(() -> GatewayMessage.parse("{\"type\":1}")).isInstanceOf(ProtocolException.class)
                .hasMessage("gateway message \"type\" must be a string, but was 1");
    }
}
