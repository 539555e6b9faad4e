package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static io.fleetstorm.hub.TestDevices.device;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.ShadowMessages;
import io.fleetstorm.protocol.TimeReply;
import io.fleetstorm.protocol.TimeSyncMessages;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The device shadow and time sync, seen from a Paho device, with desired state changed through the API. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubShadowIT {

    private static Hub hub;
    private static ApiClient api;

    @BeforeAll
    static void startHub() {
        hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED).apiPort(0)
                        .apiKeys(java.util.List.of(ApiClient.KEY))
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)))
                .product(Product.withSecret(PRODUCT, SECRET))
                .startAndWait();
        api = new ApiClient(hub);
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static PahoDevice shadowDevice(String name) throws Exception {
        DeviceId id = device(name);
        return PahoDevice.connect(hub, id, Topics.shadowResult(id), "0");
    }

    /** The answer with its time stamps replaced by T, the rest compared byte for byte. */
    private static String request(PahoDevice device, String json) throws Exception {
        device.publish(Topics.shadowOperation(device.id), json, 0);
        PahoDevice.Received answer = device.next();
        assertThat(answer.topic()).isEqualTo(Topics.shadowResult(device.id));
        return withoutTimes(answer.payload());
    }

    private static String withoutTimes(String json) {
        return json.replaceAll("\"timestamp\":\\d+", "\"timestamp\":T");
    }

    @Test
    void aNewDeviceGetsAnEmptyShadowThenItsUpdatesWithIncreasingVersions() throws Exception {
        try (PahoDevice dev = shadowDevice("shadow-new")) {
            assertThat(request(dev, ShadowMessages.getRequest("1A17RZR3XX-0"))).isEqualTo(
                    "{\"clientToken\":\"1A17RZR3XX-0\",\"payload\":{\"state\":{\"reported\":{}},\"timestamp\":T,"
                            + "\"version\":0},\"result\":0,\"timestamp\":T,\"type\":\"get\"}");
            assertThat(request(dev, ShadowMessages.updateRequest(new JsonObject().put("temperature", 27),
                    "1A17RZR3XX-1", 0L))).isEqualTo(
                    "{\"clientToken\":\"1A17RZR3XX-1\",\"payload\":{\"state\":{\"reported\":{\"temperature\":27}},"
                            + "\"timestamp\":T,\"version\":1},\"result\":0,\"timestamp\":T,\"type\":\"update\"}");
            assertThat(request(dev, ShadowMessages.updateRequest(new JsonObject().put("humidity", 40),
                    "1A17RZR3XX-2", 1L))).contains("\"result\":0", "\"version\":2");
            assertThat(request(dev, ShadowMessages.getRequest("1A17RZR3XX-3"))).contains(
                    "\"reported\":{\"temperature\":27,\"humidity\":40}", "\"version\":2");
        }
        assertThat(hub.serviceStats().shadowRequests("update")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aStaleVersionIsRefusedWith5005AndTheWholeDocument() throws Exception {
        try (PahoDevice dev = shadowDevice("shadow-stale")) {
            request(dev, ShadowMessages.updateRequest(new JsonObject().put("on", true), "t-0", null));
            assertThat(request(dev, ShadowMessages.updateRequest(new JsonObject().put("on", false), "t-1", 7L)))
                    .isEqualTo("{\"clientToken\":\"t-1\",\"payload\":{\"state\":{\"reported\":{\"on\":true}},"
                            + "\"timestamp\":T,\"version\":1},\"result\":5005,\"timestamp\":T,\"type\":\"update\"}");
        }
    }

    @Test
    void desiredSetThroughTheApiReachesTheDeviceAsADeltaAndDesiredNullAcknowledgesIt() throws Exception {
        try (PahoDevice dev = shadowDevice("shadow-delta")) {
            request(dev, ShadowMessages.updateRequest(new JsonObject().put("temperature", 27).put("mode", "eco"),
                    "d-0", null));
            JsonObject response = api.ok("UpdateDeviceShadow", new JsonObject().put("ProductId", PRODUCT)
                    .put("DeviceName", "shadow-delta")
                    .put("State", "{\"desired\":{\"temperature\":20,\"mode\":\"eco\"}}")
                    .put("ShadowVersion", 1));
            assertThat(withoutTimes(response.getString("Data"))).isEqualTo("{\"state\":{\"reported\":"
                    + "{\"temperature\":27,\"mode\":\"eco\"},\"desired\":{\"temperature\":20,\"mode\":\"eco\"},"
                    + "\"delta\":{\"temperature\":20}},\"timestamp\":T,\"version\":2}");

            PahoDevice.Received delta = dev.next();
            assertThat(delta.topic()).isEqualTo(Topics.shadowResult(dev.id));
            assertThat(withoutTimes(delta.payload())).isEqualTo("{\"type\":\"delta\",\"timestamp\":T,\"payload\":"
                    + "{\"state\":{\"temperature\":20},\"version\":2,\"timestamp\":T}}");

            assertThat(request(dev, ShadowMessages.ackDeltaRequest(new JsonObject().put("temperature", 20), "d-1",
                    2L))).isEqualTo("{\"clientToken\":\"d-1\",\"payload\":{\"state\":"
                            + "{\"reported\":{\"temperature\":20}},"
                            + "\"timestamp\":T,\"version\":3},\"result\":0,\"timestamp\":T,\"type\":\"update\"}");
            assertThat(request(dev, ShadowMessages.getRequest("d-2"))).isEqualTo("{\"clientToken\":\"d-2\",\"payload\":"
                    + "{\"state\":{\"reported\":{\"temperature\":20,\"mode\":\"eco\"}},\"timestamp\":T,\"version\":3},"
                    + "\"result\":0,\"timestamp\":T,\"type\":\"get\"}");
            assertThat(withoutTimes(api.ok("DescribeDeviceShadow", new JsonObject().put("ProductId", PRODUCT)
                    .put("DeviceName", "shadow-delta")).getString("Data"))).isEqualTo(
                    "{\"state\":{\"reported\":{\"temperature\":20,\"mode\":\"eco\"}},\"timestamp\":T,\"version\":3}");
        }
        assertThat(hub.serviceStats().deltasPushed()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theApiRefusesAStaleShadowVersion() throws Exception {
        assertThat(api.call("UpdateDeviceShadow", "{\"ProductId\":\"" + PRODUCT + "\",\"DeviceName\":\"shadow-api\","
                + "\"State\":\"{\\\"desired\\\":{\\\"on\\\":true}}\",\"ShadowVersion\":4}")).isEqualTo(
                "{\"Response\":{\"Error\":{\"Code\":\"FailedOperation.UpdateVersionNotMatch\",\"Message\":"
                        + "\"ShadowVersion 4 is not the shadow's version 0.\"},\"RequestId\":\"*\"}}");
    }

    @Test
    void timeSyncAnswersWithTheHubsClock() throws Exception {
        DeviceId id = device("time-01");
        try (PahoDevice dev = PahoDevice.connect(hub, id, Topics.sysResult(id), "0")) {
            long before = System.currentTimeMillis();
            dev.publish(Topics.sysOperation(id), TimeSyncMessages.request(), 0);
            PahoDevice.Received answer = dev.next();
            long after = System.currentTimeMillis();
            assertThat(answer.topic()).isEqualTo(Topics.sysResult(id));
            assertThat(answer.payload()).matches("\\{\"type\":\"get\",\"time\":\\d{10},\"ntptime1\":\\d{13},"
                    + "\"ntptime2\":\\d{13}}");
            TimeReply reply = TimeReply.parse(answer.payload());
            assertThat(reply.ntp1Ms()).isBetween(before, after);
            assertThat(reply.ntp2Ms()).isBetween(reply.ntp1Ms(), after);
            assertThat(reply.timeS()).isEqualTo(reply.ntp1Ms() / 1000);
        }
    }
}
