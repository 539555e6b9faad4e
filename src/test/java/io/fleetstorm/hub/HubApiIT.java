package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static io.fleetstorm.hub.TestDevices.device;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The application API over HTTP: its error answers byte for byte, devices, messages, broadcast and RRPC. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubApiIT {

    private static final String OTHER_PRODUCT = "NOSECRET01";
    private static Hub hub;
    private static ApiClient api;

    @BeforeAll
    static void startHub() {
        hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED).apiPort(0)
                        .apiKeys(java.util.List.of(ApiClient.KEY))
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)))
                .product(Product.withSecret(PRODUCT, SECRET))
                .product(Product.of(OTHER_PRODUCT))
                .startAndWait();
        api = new ApiClient(hub);
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static String error(String code, String message) {
        return "{\"Response\":{\"Error\":{\"Code\":\"" + code + "\",\"Message\":\"" + message
                + "\"},\"RequestId\":\"*\"}}";
    }

    static Stream<Arguments> badRequests() {
        String dev = "\"ProductId\":\"" + PRODUCT + "\",\"DeviceName\":\"api-01\"";
        return Stream.of(
                Arguments.of("DescribeDevice", "{nope", error("InvalidParameter",
                        "The request body is not a JSON object.")),
                Arguments.of("DescribeDevice", "[1,2]", error("InvalidParameter",
                        "The request body is not a JSON object.")),
                Arguments.of("DescribeDevice", "{\"ProductId\":\"" + PRODUCT + "\"}", error("MissingParameter",
                        "The request is missing a required parameter `DeviceName`.")),
                Arguments.of("DescribeDevice", "", error("MissingParameter",
                        "The request is missing a required parameter `ProductId`.")),
                Arguments.of("DescribeDevice", "{\"ProductId\":42,\"DeviceName\":\"a\"}", error("InvalidParameter",
                        "The parameter `ProductId` must be a string, but was 42.")),
                Arguments.of("PublishMessage", "{" + dev + ",\"Topic\":\"" + PRODUCT + "/api-01/control\","
                        + "\"Payload\":\"x\",\"Qos\":\"1\"}", error("InvalidParameter",
                        "The parameter `Qos` must be an integer, but was \\\"1\\\".")),
                Arguments.of("PublishMessage", "{" + dev + ",\"Topic\":\"" + PRODUCT + "/api-01/control\","
                        + "\"Payload\":\"x\",\"Qos\":2}", error("InvalidParameterValue",
                        "The value of parameter `Qos` must be 0 or 1, but was 2.")),
                Arguments.of("PublishMessage", "{" + dev + ",\"Topic\":\"" + PRODUCT + "/other/control\","
                        + "\"Payload\":\"x\"}", error("InvalidParameterValue", "The value of parameter `Topic` must be "
                        + "a topic of device 1A17RZR3XX/api-01, but was \\\"1A17RZR3XX/other/control\\\".")),
                Arguments.of("DescribeDevice", "{\"ProductId\":\"" + OTHER_PRODUCT + "\",\"DeviceName\":\"ghost\"}",
                        error("ResourceNotFound.DeviceNotExist", "The device `NOSECRET01/ghost` does not exist.")),
                Arguments.of("DescribeDevice", "{\"ProductId\":\"NOPRODUCT1\",\"DeviceName\":\"ghost\"}",
                        error("ResourceNotFound.ProductNotExist", "The product `NOPRODUCT1` does not exist.")),
                Arguments.of("UpdateDeviceShadow", "{" + dev + ",\"State\":\"{\\\"reported\\\":{}}\","
                        + "\"ShadowVersion\":0}", error("InvalidParameterValue", "The value of parameter `State` must "
                        + "hold only \\\"desired\\\", an object or null.")),
                Arguments.of("UpdateDeviceShadow", "{" + dev + ",\"State\":\"{\\\"desired\\\":{}}\"}",
                        error("MissingParameter", "The request is missing a required parameter `ShadowVersion`.")),
                Arguments.of("PublishMessage", "{" + dev + ",\"Topic\":\"" + PRODUCT + "/api-01/control\","
                        + "\"Payload\":\"x\"}", error("FailedOperation.DeviceOffline",
                        "The device `1A17RZR3XX/api-01` is offline.")),
                Arguments.of("Frobnicate", "{}", error("InvalidAction", "The action `Frobnicate` is not supported.")),
                Arguments.of("Frobnicate", "{nope", error("InvalidAction",
                        "The action `Frobnicate` is not supported.")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badRequests")
    void badRequestsGetTheCloudsErrorAnswerWithHttp200(String action, String body, String answer) {
        assertThat(api.call(action, body)).isEqualTo(answer);
    }

    @Test
    void getIsNotTheApisMethod() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.apiPort() + "/api/DescribeDevice")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"Code\":\"UnsupportedOperation\"");
    }

    @Test
    void unsignedCallsAreRefusedWithTheCloudsCodeInBothForms() throws Exception {
        for (String path : new String[] {"/", "/api/DescribeDevice"}) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + hub.apiPort() + path)).header("X-TC-Action", "DescribeDevice")
                    .header("X-TC-Version", "2021-04-08")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ProductId\":\"" + PRODUCT
                            + "\",\"DeviceName\":\"x1\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).as(path).contains("\"Code\":\"AuthFailure.InvalidAuthorization\"")
                    .doesNotContain("\"Online\"");
        }
    }

    @Test
    void aCreatedDeviceConnectsWithItsPskAndIsDescribedOnlineThenOffline() throws Exception {
        JsonObject product = api.ok("CreateProduct", new JsonObject().put("ProductName", "lamps")
                .put("ProductId", "LAMPS00001"));
        assertThat(product.getString("ProductId")).isEqualTo("LAMPS00001");
        assertThat(api.call("CreateProduct", "{\"ProductName\":\"lamps\",\"ProductId\":\"LAMPS00001\"}")).isEqualTo(
                error("ResourceInUse.ProductAlreadyExist", "The product `LAMPS00001` already exists."));
        String psk = api.ok("CreateDevice", new JsonObject().put("ProductId", "LAMPS00001")
                .put("DeviceName", "lamp-1")).getString("DevicePsk");
        assertThat(Base64.getDecoder().decode(psk)).hasSize(16);

        DeviceId id = new DeviceId("LAMPS00001", "lamp-1");
        var client = TestDevices.client(hub, id);
        String userName = TestDevices.userName(id);
        var options = TestDevices.options(userName, io.fleetstorm.protocol.Signer.password(
                io.fleetstorm.protocol.SignMethod.HMACSHA256, io.fleetstorm.protocol.Signer.decodePsk(psk), userName));
        long before = System.currentTimeMillis() / 1000;
        assertThat(TestDevices.connect(client, options)).isZero();
        JsonObject online = api.ok("DescribeDevice", new JsonObject().put("ProductId", "LAMPS00001")
                .put("DeviceName", "lamp-1"));
        assertThat(online.getInteger("Online")).isEqualTo(1);
        assertThat(online.getLong("LoginTime")).isBetween(before, before + 5);
        assertThat(online.getString("DevicePsk")).isEqualTo(psk);
        TestDevices.closeQuietly(client);
        awaitOffline(id);
        JsonObject offline = api.ok("DescribeDevice", new JsonObject().put("ProductId", "LAMPS00001")
                .put("DeviceName", "lamp-1"));
        assertThat(offline.getInteger("Online")).isZero();
        assertThat(offline.getLong("LastOfflineTime")).isGreaterThanOrEqualTo(online.getLong("LoginTime"));
    }

    @Test
    void publishMessageReachesTheSubscribedDevice() throws Exception {
        DeviceId id = device("api-pub");
        try (PahoDevice dev = PahoDevice.connect(hub, id, Topics.control(id), "1")) {
            assertThat(api.call("PublishMessage", new JsonObject().put("ProductId", PRODUCT)
                    .put("DeviceName", "api-pub")
                    .put("Topic", Topics.control(id)).put("Payload", "{\"cmd\":\"on\"}").put("Qos", 1).encode()))
                    .isEqualTo("{\"Response\":{\"RequestId\":\"*\"}}");
            assertThat(dev.next()).isEqualTo(new PahoDevice.Received(Topics.control(id), "{\"cmd\":\"on\"}", 1));
        }
    }

    @Test
    void aBroadcastReachesTheOnlineDevicesOfTheProductOnly() throws Exception {
        DeviceId gone = device("bc-gone");
        PahoDevice.connect(hub, gone, Topics.broadcast(gone), "0").close();
        awaitOffline(gone);
        try (PahoDevice a = PahoDevice.connect(hub, device("bc-a"), Topics.broadcast(device("bc-a")), "0");
                PahoDevice b = PahoDevice.connect(hub, device("bc-b"), Topics.broadcast(device("bc-b")), "0")) {
            JsonObject response = api.ok("PublishBroadcastMessage", new JsonObject().put("ProductId", PRODUCT)
                    .put("Payload", "reboot at 3").put("Qos", 0));
            assertThat(response.getLong("TaskId")).isPositive();
            assertThat(a.next()).isEqualTo(new PahoDevice.Received("$broadcast/rxd/1A17RZR3XX/bc-a", "reboot at 3", 0));
            assertThat(b.next()).isEqualTo(new PahoDevice.Received("$broadcast/rxd/1A17RZR3XX/bc-b", "reboot at 3", 0));
        }
    }

    @Test
    void rrpcWaitsForTheDevicesReplyOnTheSameProcessId() throws Exception {
        DeviceId id = device("rrpc-01");
        try (PahoDevice dev = PahoDevice.connect(hub, id, Topics.rrpcRequestFilter(id), "0")) {
            CompletableFuture<JsonObject> call = CompletableFuture.supplyAsync(() -> api.ok("PublishRRPCMessage",
                    new JsonObject().put("ProductId", PRODUCT).put("DeviceName", "rrpc-01").put("Payload", "ping")));
            PahoDevice.Received request = dev.next();
            assertThat(request.topic()).matches("\\$rrpc/rxd/1A17RZR3XX/rrpc-01/\\d+");
            assertThat(request.payload()).isEqualTo("ping");
            String processId = request.topic().substring(request.topic().lastIndexOf('/') + 1);
            dev.publish(Topics.rrpcReply(id, processId), "pong", 0);
            JsonObject response = call.get(5, TimeUnit.SECONDS);
            assertThat(response.getLong("MessageId")).isEqualTo(Long.parseLong(processId));
            assertThat(response.getString("PayloadBase64"))
                    .isEqualTo(Base64.getEncoder().encodeToString("pong".getBytes()));
        }
    }

    @Test
    void rrpcWithoutAReplyTimesOutAfterFourSeconds() throws Exception {
        DeviceId id = device("rrpc-mute");
        try (PahoDevice dev = PahoDevice.connect(hub, id, Topics.rrpcRequestFilter(id), "0")) {
            long start = System.nanoTime();
            assertThat(api.call("PublishRRPCMessage", "{\"ProductId\":\"" + PRODUCT + "\",\"DeviceName\":\"rrpc-mute\","
                    + "\"Payload\":\"ping\"}")).isEqualTo(error("FailedOperation.RRPCTimeout",
                    "The device did not answer within 4 s."));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(3_900L, 6_000L);
            assertThat(dev.next().payload()).isEqualTo("ping");
        }
        assertThat(hub.serviceStats().rrpcTimeouts()).isGreaterThanOrEqualTo(1);
        assertThat(hub.serviceStats().apiErrors("FailedOperation.RRPCTimeout")).isGreaterThanOrEqualTo(1);
    }

    private static void awaitOffline(DeviceId id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (hub.isOnline(id) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(hub.isOnline(id)).as(id.clientId() + " offline").isFalse();
    }
}
