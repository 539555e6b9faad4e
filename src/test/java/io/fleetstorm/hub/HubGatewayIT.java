package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Gateways and sub-devices (addendum section 11) played by Paho clients writing the C SDK's messages byte for byte:
 * the gateway_sample flow, the bind result codes in the [hub] order, proxying of topics, shadow and OTA through the
 * gateway, the API's bind/unbind with their change notices, and sub-devices going offline with the gateway.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HubGatewayIT {

    private static final String GW_PRODUCT = "GWPROD0001";
    private static final String SUB_PRODUCT = "SUBPROD001";
    private static final String UNLISTED = "OTHERPROD1";
    private static final RecordingHubEvents EVENTS = new RecordingHubEvents();
    private static Hub hub;
    private static ApiClient api;

    @BeforeAll
    static void startHub() {
        hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED).apiPort(0)
                        .apiKeys(java.util.List.of(ApiClient.KEY))
                        .events(EVENTS).limits(HubLimits.CLOUD.withConnectIntervalMs(0)))
                .product(Product.withSecret(GW_PRODUCT, SECRET).asGatewayOf(Set.of(SUB_PRODUCT)))
                .product(new Product(SUB_PRODUCT, SECRET, Map.of("telemetry", io.fleetstorm.protocol.Access.BOTH)))
                .product(Product.withSecret(UNLISTED, SECRET))
                .startAndWait();
        api = new ApiClient(hub);
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @BeforeEach
    void clearEvents() {
        EVENTS.clear();
    }

    private static DeviceId gw(String name) {
        return new DeviceId(GW_PRODUCT, name);
    }

    private static DeviceId sub(String name) {
        return new DeviceId(SUB_PRODUCT, name);
    }

    /** A gateway as the C SDK starts it: CONNECT, then SUBSCRIBE its result topic at QoS 1. */
    private static PahoDevice gateway(DeviceId id) throws Exception {
        PahoDevice device = PahoDevice.connect(hub, id, "$gateway/operation/result/" + id.productId() + "/"
                + id.deviceName(), "1");
        await(() -> EVENTS.subscriptions().stream().anyMatch(s -> s.clientId().equals(id.clientId())));
        assertThat(EVENTS.subscriptions()).filteredOn(s -> s.clientId().equals(id.clientId()))
                .extracting(RecordingHubEvents.Subscription::grantedQos).containsExactly(1);
        return device;
    }

    /** Publishes a request on the gateway's up topic at QoS 0 (as the C SDK does) and returns the answer. */
    private static JsonObject request(PahoDevice gateway, String json) throws Exception {
        gateway.publish("$gateway/operation/" + gateway.id.productId() + "/" + gateway.id.deviceName(), json, 0);
        PahoDevice.Received answer = gateway.next();
        assertThat(answer.topic()).isEqualTo("$gateway/operation/result/" + gateway.id.productId() + "/"
                + gateway.id.deviceName());
        return new JsonObject(answer.payload());
    }

    private static String status(String type, DeviceId sub) {
        return "{\"type\":\"" + type + "\",\"payload\":{\"devices\":[{\"product_id\":\"" + sub.productId()
                + "\",\"device_name\":\"" + sub.deviceName() + "\"}]}}";
    }

    /** The bind request of the C SDK's GATEWAY_PAYLOAD_OP_FMT, signed as section 11 says (HMAC over the PSK text). */
    private static String bind(DeviceId sub, String psk, String method, long random, long timestamp) {
        String text = sub.productId() + sub.deviceName() + ";" + random + ";" + timestamp;
        String signature = hmacBase64(method.equals("hmacsha1") ? "HmacSHA1" : "HmacSHA256", psk, text);
        return "{\"type\":\"bind\",\"payload\":{\"devices\":[{\"product_id\":\"" + sub.productId()
                + "\",\"device_name\":\"" + sub.deviceName() + "\",\"signature\":\"" + signature + "\",\"random\":"
                + random + ",\"timestamp\":" + timestamp + ",\"signmethod\":\"" + method
                + "\",\"authtype\":\"psk\"}]}}";
    }

    private static String bind(DeviceId sub) {
        return bind(sub, DerivedPsk.derive(SECRET, sub), "hmacsha1", 1804289383L, nowS());
    }

    private static String hmacBase64(String algorithm, String keyText, String text) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(keyText.getBytes(StandardCharsets.US_ASCII), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long nowS() {
        return System.currentTimeMillis() / 1000;
    }

    /** The single entry's result of an answer, checked to be of the request's type and device. */
    private static int result(JsonObject answer, String type, DeviceId sub) {
        assertThat(answer.getString("type")).isEqualTo(type);
        JsonObject entry = answer.getJsonObject("payload").getJsonArray("devices").getJsonObject(0);
        assertThat(entry.getString("product_id")).isEqualTo(sub.productId());
        assertThat(entry.getString("device_name")).isEqualTo(sub.deviceName());
        return entry.getInteger("result");
    }

    private static int granted(PahoDevice device, String filter, int qos) throws Exception {
        IMqttToken token = device.client.subscribe(filter, qos);
        token.waitForCompletion(5_000);
        return token.getGrantedQos()[0];
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void theGatewaySampleFlow() throws Exception {
        DeviceId gwId = gw("gw-sample");
        DeviceId subId = sub("sub-sample");
        try (PahoDevice gateway = gateway(gwId)) {
            gateway.publish(Topics.gatewayOperation(gwId), bind(subId), 0);
            PahoDevice.Received bound = gateway.next();
            assertThat(bound.payload()).isEqualTo("{\"type\":\"bind\",\"payload\":{\"devices\":[{\"product_id\":"
                    + "\"SUBPROD001\",\"device_name\":\"sub-sample\",\"result\":0}]}}");
            // the C sample binds at every start and treats 809 as success
            assertThat(result(request(gateway, bind(subId)), "bind", subId)).isEqualTo(809);
            assertThat(request(gateway, "{\"type\":\"describe_sub_devices\"}").encode()).isEqualTo(
                    "{\"type\":\"describe_sub_devices\",\"payload\":{\"devices\":[{\"product_id\":\"SUBPROD001\","
                            + "\"device_name\":\"sub-sample\"}]}}");
            assertThat(hub.isOnline(subId)).isFalse();
            assertThat(result(request(gateway, status("online", subId)), "online", subId)).isZero();
            assertThat(hub.isOnline(subId)).isTrue();
            assertThat(api.ok("DescribeDevice", new JsonObject().put("ProductId", SUB_PRODUCT)
                    .put("DeviceName", "sub-sample")).getInteger("Online")).isEqualTo(1);
            assertThat(EVENTS.subDevices()).containsExactly(
                    new RecordingHubEvents.SubDevice(gwId.clientId(), subId.clientId(), true));

            String data = SUB_PRODUCT + "/sub-sample/data";
            assertThat(granted(gateway, data, 0)).isZero();
            gateway.publish(data, "{\"action\":\"publish_test\",\"count\":\"0\"}", 1); // waits for the PUBACK
            PahoDevice.Received echo = gateway.next();
            assertThat(echo.topic()).isEqualTo(data);
            assertThat(echo.payload()).isEqualTo("{\"action\":\"publish_test\",\"count\":\"0\"}");

            assertThat(result(request(gateway, status("offline", subId)), "offline", subId)).isZero();
            assertThat(hub.isOnline(subId)).isFalse();
            // offline: the sub-device's topics are refused again, and its subscription is gone
            assertThat(granted(gateway, data, 0)).isEqualTo(0x80);
            gateway.publish(data, "late", 0);
            await(() -> EVENTS.dropped().stream().anyMatch(d -> d.topic().equals(data)
                    && d.reason() == DropReason.FORBIDDEN_TOPIC));

            assertThat(result(request(gateway, status("unbind", subId)), "unbind", subId)).isZero();
            assertThat(request(gateway, "{\"type\":\"describe_sub_devices\"}").getJsonObject("payload")
                    .getJsonArray("devices")).isEmpty();
            assertThat(result(request(gateway, status("online", subId)), "online", subId)).isEqualTo(-1);
        }
        assertThat(hub.featureStats().gatewayRequests("bind")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void bindResultsFollowTheHubsCheckOrder() throws Exception {
        DeviceId gwId = gw("gw-codes");
        DeviceId subId = sub("sub-codes");
        String psk = DerivedPsk.derive(SECRET, subId);
        try (PahoDevice gateway = gateway(gwId); PahoDevice other = gateway(gw("gw-other"))) {
            assertThat(result(request(gateway, "{\"type\":\"bind\",\"payload\":{\"devices\":[{\"product_id\":"
                    + "\"SUBPROD001\",\"device_name\":\"sub-codes\"}]}}"), "bind", subId)).isEqualTo(801);
            DeviceId unknown = new DeviceId("NOSUCHPROD", "x");
            assertThat(result(request(gateway, bind(unknown, psk, "hmacsha1", 1, nowS())), "bind", unknown))
                    .isEqualTo(802);
            DeviceId gatewayAsSub = gw("gw-as-sub");
            assertThat(result(request(gateway, bind(gatewayAsSub, DerivedPsk.derive(SECRET, gatewayAsSub),
                    "hmacsha1", 1, nowS())), "bind", gatewayAsSub)).isEqualTo(807);
            DeviceId unlisted = new DeviceId(UNLISTED, "plain");
            assertThat(result(request(gateway, bind(unlisted, DerivedPsk.derive(SECRET, unlisted), "hmacsha1", 1,
                    nowS())), "bind", unlisted)).isEqualTo(810);
            assertThat(result(request(gateway, bind(subId, psk, "hmacsha1", 1, nowS()).replace("hmacsha1", "md5")),
                    "bind", subId)).isEqualTo(804);
            assertThat(result(request(gateway, bind(subId, psk, "hmacsha1", 1, nowS() - 601)), "bind", subId))
                    .isEqualTo(805);
            assertThat(result(request(gateway, bind(subId, "d3JvbmdrZXk=", "hmacsha1", 1, nowS())), "bind", subId))
                    .isEqualTo(803);
            // the decoded PSK as the key (the MQTT password's rule) is not what section 11 says: refused
            String decodedKeyBind = bind(subId, new String(Base64.getDecoder().decode(psk),
                    StandardCharsets.ISO_8859_1), "hmacsha1", 1, nowS());
            assertThat(result(request(gateway, decodedKeyBind), "bind", subId)).isEqualTo(803);
            // the Java SDK's hmacsha256 with a small random works as well
            assertThat(result(request(gateway, bind(subId, psk, "hmacsha256", 999_998, nowS())), "bind", subId))
                    .isZero();
            assertThat(result(request(other, bind(subId)), "bind", subId)).isEqualTo(806);
            assertThat(result(request(other, status("online", subId)), "online", subId)).isEqualTo(-1);
            assertThat(result(request(other, status("unbind", subId)), "unbind", subId)).isEqualTo(-1);
        }
        assertThat(hub.featureStats().gatewayResults(803)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aGatewayUsesOnlyTheTopicsOfItsOnlineSubDevicesWithTheirRights() throws Exception {
        DeviceId gwId = gw("gw-rights");
        DeviceId bound = sub("sub-rights");
        DeviceId stranger = sub("sub-stranger");
        try (PahoDevice gateway = gateway(gwId)) {
            assertThat(result(request(gateway, bind(bound)), "bind", bound)).isZero();
            // bound but not online yet
            assertThat(granted(gateway, Topics.shadowResult(bound), 0)).isEqualTo(0x80);
            assertThat(result(request(gateway, status("online", bound)), "online", bound)).isZero();
            assertThat(granted(gateway, Topics.shadowResult(bound), 0)).isZero();
            assertThat(granted(gateway, Topics.otaUpdate(bound), 1)).isEqualTo(1);
            assertThat(granted(gateway, Topics.rrpcRequestFilter(bound), 0)).isZero();
            assertThat(granted(gateway, SUB_PRODUCT + "/sub-rights/telemetry", 1)).isEqualTo(1); // custom topic
            assertThat(granted(gateway, Topics.event(bound), 0)).isEqualTo(0x80); // event is publish-only
            assertThat(granted(gateway, Topics.shadowResult(stranger), 0)).isEqualTo(0x80);
            assertThat(granted(gateway, SUB_PRODUCT + "/+/data", 0)).isEqualTo(0x80);

            gateway.publish(Topics.event(stranger), "{}", 0);
            gateway.publish(Topics.control(bound), "{}", 0); // control is subscribe-only
            await(() -> EVENTS.dropped().size() >= 2);
            assertThat(EVENTS.dropped()).extracting(RecordingHubEvents.Drop::reason)
                    .containsOnly(DropReason.FORBIDDEN_TOPIC);

            // the application's messages to the sub-device arrive over the gateway's connection
            api.ok("PublishMessage", new JsonObject().put("ProductId", SUB_PRODUCT).put("DeviceName", "sub-rights")
                    .put("Topic", SUB_PRODUCT + "/sub-rights/telemetry").put("Payload", "down").put("Qos", 1));
            PahoDevice.Received down = gateway.next();
            assertThat(down.topic()).isEqualTo(SUB_PRODUCT + "/sub-rights/telemetry");
            assertThat(down.payload()).isEqualTo("down");
            assertThat(down.qos()).isEqualTo(1);
            api.ok("PublishBroadcastMessage", new JsonObject().put("ProductId", SUB_PRODUCT).put("Payload", "all"));
            granted(gateway, Topics.broadcast(bound), 1);
            api.ok("PublishBroadcastMessage", new JsonObject().put("ProductId", SUB_PRODUCT).put("Payload", "all2"));
            PahoDevice.Received broadcast = gateway.next();
            assertThat(broadcast.topic()).isEqualTo(Topics.broadcast(bound));
            assertThat(broadcast.payload()).isEqualTo("all2");
        }
        // the gateway's connection ended: its sub-devices are offline
        await(() -> !hub.isOnline(bound));
        assertThat(EVENTS.subDevices()).contains(
                new RecordingHubEvents.SubDevice(gwId.clientId(), bound.clientId(), false));
    }

    @Test
    void subDeviceShadowAndOtaWorkThroughTheGateway() throws Exception {
        DeviceId gwId = gw("gw-services");
        DeviceId subId = sub("sub-services");
        try (PahoDevice gateway = gateway(gwId)) {
            assertThat(result(request(gateway, bind(subId)), "bind", subId)).isZero();
            assertThat(result(request(gateway, status("online", subId)), "online", subId)).isZero();
            assertThat(granted(gateway, Topics.shadowResult(subId), 0)).isZero();
            assertThat(granted(gateway, Topics.otaUpdate(subId), 1)).isEqualTo(1);

            gateway.publish(Topics.shadowOperation(subId), "{\"type\":\"update\",\"state\":{\"reported\":"
                    + "{\"t\":1}},\"clientToken\":\"SUBPROD001-0\"}", 0);
            PahoDevice.Received updated = gateway.next();
            assertThat(updated.topic()).isEqualTo(Topics.shadowResult(subId));
            assertThat(updated.payload()).contains("\"clientToken\":\"SUBPROD001-0\"", "\"result\":0",
                    "\"version\":1");
            JsonObject shadow = api.ok("DescribeDeviceShadow", new JsonObject().put("ProductId", SUB_PRODUCT)
                    .put("DeviceName", "sub-services"));
            assertThat(shadow.getString("Data")).contains("\"t\":1");
            api.ok("UpdateDeviceShadow", new JsonObject().put("ProductId", SUB_PRODUCT).put("DeviceName",
                    "sub-services").put("State", "{\"desired\":{\"t\":2}}").put("ShadowVersion", 1));
            PahoDevice.Received delta = gateway.next();
            assertThat(delta.topic()).isEqualTo(Topics.shadowResult(subId));
            assertThat(delta.payload()).contains("\"type\":\"delta\"", "\"t\":2");

            api.ok("UploadFirmware", new JsonObject().put("ProductId", SUB_PRODUCT).put("FirmwareVersion", "2.0.0")
                    .put("FileSize", 1000).put("Seed", 1));
            api.ok("BatchUpdateFirmware", new JsonObject().put("ProductId", SUB_PRODUCT)
                    .put("FirmwareVersion", "2.0.0").put("DeviceNames", new JsonArray().add("sub-services")));
            gateway.publish(Topics.otaReport(subId), "{\"type\": \"report_version\", \"report\":{\"version\":"
                    + "\"1.0.0\"}}", 1);
            PahoDevice.Received rsp = gateway.next();
            assertThat(rsp.topic()).isEqualTo(Topics.otaUpdate(subId));
            assertThat(rsp.payload()).isEqualTo("{\"result_code\":0,\"result_msg\":\"success\","
                    + "\"type\":\"report_version_rsp\",\"version\":\"1.0.0\"}");
            PahoDevice.Received command = gateway.next();
            assertThat(command.topic()).isEqualTo(Topics.otaUpdate(subId));
            assertThat(command.payload()).contains("\"type\":\"update_firmware\"", "\"version\":\"2.0.0\"");
            assertThat(api.ok("DescribeDevice", new JsonObject().put("ProductId", SUB_PRODUCT)
                    .put("DeviceName", "sub-services")).getString("Version")).isEqualTo("1.0.0");

            // remote configuration and time sync travel the same way
            String configResult = "$config/operation/result/" + SUB_PRODUCT + "/sub-services";
            assertThat(granted(gateway, configResult, 1)).isEqualTo(1);
            gateway.publish("$config/operation/" + SUB_PRODUCT + "/sub-services", "{\"type\":\"get\"}", 0);
            PahoDevice.Received config = gateway.next();
            assertThat(config.topic()).isEqualTo(configResult);
            assertThat(config.payload()).isEqualTo("{\"type\":\"reply\",\"result\":1001,\"payload\":{}}");
            assertThat(api.ok("UpdateProductRemoteConfig", new JsonObject().put("ProductId", SUB_PRODUCT)
                    .put("Enabled", true).put("Config", "{\"rate\":2}")).getInteger("Pushed")).isEqualTo(1);
            assertThat(gateway.next().payload()).isEqualTo("{\"type\":\"push\",\"result\":0,\"payload\":"
                    + "{\"rate\":2}}");
            assertThat(granted(gateway, Topics.sysResult(subId), 0)).isZero();
            gateway.publish(Topics.sysOperation(subId), "{\"type\": \"get\", \"resource\": [\"time\"]}", 0);
            PahoDevice.Received time = gateway.next();
            assertThat(time.topic()).isEqualTo(Topics.sysResult(subId));
            assertThat(new JsonObject(time.payload()).getLong("time")).isCloseTo(nowS(),
                    org.assertj.core.data.Offset.offset(5L));
            api.ok("UpdateProductRemoteConfig", new JsonObject().put("ProductId", SUB_PRODUCT).put("Enabled", false));
        }
    }

    @Test
    void theApplicationBindsAndUnbindsWithChangeNotices() throws Exception {
        DeviceId gwId = gw("gw-api");
        try (PahoDevice gateway = gateway(gwId)) {
            api.ok("BindDevices", new JsonObject().put("GatewayProductId", GW_PRODUCT)
                    .put("GatewayDeviceName", "gw-api").put("ProductId", SUB_PRODUCT)
                    .put("DeviceNames", new JsonArray().add("api-1").add("api-2")));
            PahoDevice.Received change = gateway.next();
            assertThat(change.payload()).isEqualTo("{\"type\":\"change\",\"payload\":{\"status\":1,"
                    + "\"devices\":[{\"product_id\":\"SUBPROD001\",\"device_name\":\"api-1\"},"
                    + "{\"product_id\":\"SUBPROD001\",\"device_name\":\"api-2\"}]}}");
            // the C SDK acknowledges on the up topic; the hub takes it without answering
            gateway.publish(Topics.gatewayOperation(gwId), "{\"type\":\"change\", \"payload\":{\"status\":1, "
                    + "\"devices\":[{\"product_id\":\"SUBPROD001\",\"device_name\":\"api-1\",\"result\":0}]}}", 0);
            assertThat(result(request(gateway, status("online", sub("api-1"))), "online", sub("api-1"))).isZero();

            JsonObject described = api.ok("DescribeGatewayBindDevices", new JsonObject()
                    .put("GatewayProductId", GW_PRODUCT).put("GatewayDeviceName", "gw-api")
                    .put("ProductId", SUB_PRODUCT).put("Offset", 0).put("Limit", 10));
            assertThat(described.getInteger("TotalCount")).isEqualTo(2);
            assertThat(described.getJsonArray("Devices").getJsonObject(0).encode())
                    .isEqualTo("{\"ProductId\":\"SUBPROD001\",\"DeviceName\":\"api-1\",\"Online\":1}");

            api.ok("UnbindDevices", new JsonObject().put("GatewayProductId", GW_PRODUCT)
                    .put("GatewayDeviceName", "gw-api").put("ProductId", SUB_PRODUCT)
                    .put("DeviceNames", new JsonArray().add("api-1")));
            PahoDevice.Received unbound = gateway.next();
            assertThat(unbound.payload()).isEqualTo("{\"type\":\"change\",\"payload\":{\"status\":0,"
                    + "\"devices\":[{\"product_id\":\"SUBPROD001\",\"device_name\":\"api-1\"}]}}");
            await(() -> !hub.isOnline(sub("api-1")));
        }
    }

    @Test
    void theApiRefusesWithTheCloudsCodes() throws Exception {
        JsonObject base = new JsonObject().put("GatewayProductId", GW_PRODUCT).put("GatewayDeviceName", "gw-err")
                .put("ProductId", SUB_PRODUCT).put("DeviceNames", new JsonArray().add("e-1"));
        assertThat(errorCode("BindDevices", base.copy().put("GatewayProductId", SUB_PRODUCT)
                .put("GatewayDeviceName", "x"))).isEqualTo("InvalidParameterValue.DeviceIsNotGateway");
        assertThat(errorCode("BindDevices", base.copy().put("ProductId", UNLISTED)))
                .isEqualTo("FailedOperation.ProductNotBind");
        assertThat(errorCode("BindDevices", base.copy().put("GatewayProductId", "NOPE")))
                .isEqualTo("ResourceNotFound.ProductNotExist");
        JsonArray many = new JsonArray();
        for (int i = 0; i < 101; i++) {
            many.add("m-" + i);
        }
        assertThat(errorCode("BindDevices", base.copy().put("DeviceNames", many)))
                .isEqualTo("FailedOperation.BindDevicePerOnceOverLimit");
        assertThat(errorCode("BindDevices", base.copy().put("DeviceNames", "e-1"))).isEqualTo("InvalidParameter");
        api.ok("BindDevices", base);
        assertThat(errorCode("BindDevices", base.copy().put("GatewayDeviceName", "gw-err-2")))
                .isEqualTo("UnauthorizedOperation.DeviceHasAlreadyBindGateway");
    }

    @Test
    void aGatewayBindsAtMost1500SubDevices() throws Exception {
        DeviceId gwId = gw("gw-full");
        for (int batch = 0; batch < 15; batch++) {
            JsonArray names = new JsonArray();
            for (int i = 0; i < 100; i++) {
                names.add("full-" + (batch * 100 + i));
            }
            api.ok("BindDevices", new JsonObject().put("GatewayProductId", GW_PRODUCT)
                    .put("GatewayDeviceName", "gw-full").put("ProductId", SUB_PRODUCT).put("DeviceNames", names));
        }
        assertThat(errorCode("BindDevices", new JsonObject().put("GatewayProductId", GW_PRODUCT)
                .put("GatewayDeviceName", "gw-full").put("ProductId", SUB_PRODUCT)
                .put("DeviceNames", new JsonArray().add("full-1500"))))
                .isEqualTo("FailedOperation.BindDeviceOverLimit");
        try (PahoDevice gateway = gateway(gwId)) {
            assertThat(result(request(gateway, bind(sub("full-1500"))), "bind", sub("full-1500"))).isEqualTo(801);
            // 1,500 names do not fit in one message the C SDK accepts: several answers of at most 1,024 bytes
            gateway.publish(Topics.gatewayOperation(gwId), "{\"type\":\"describe_sub_devices\"}", 0);
            List<String> names = new ArrayList<>();
            while (names.size() < 1500) {
                PahoDevice.Received part = gateway.next();
                assertThat(part.payload().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
                JsonArray devices = new JsonObject(part.payload()).getJsonObject("payload").getJsonArray("devices");
                assertThat(devices).isNotEmpty();
                for (int i = 0; i < devices.size(); i++) {
                    names.add(devices.getJsonObject(i).getString("device_name"));
                }
            }
            assertThat(names).hasSize(1500).doesNotHaveDuplicates().contains("full-0", "full-1499");
            assertThat(gateway.quietFor(200)).isTrue();
        }
    }

    @Test
    void aSubDeviceIsOnlineThroughOneConnectionAtATime() throws Exception {
        DeviceId gwId = gw("gw-takeover");
        DeviceId subId = sub("sub-takeover");
        try (PahoDevice gateway = gateway(gwId)) {
            assertThat(result(request(gateway, bind(subId)), "bind", subId)).isZero();
            try (PahoDevice direct = PahoDevice.connect(hub, subId)) {
                assertThat(hub.isOnline(subId)).isTrue();
                // the gateway brings it online: the newer login wins and the direct connection is closed
                assertThat(result(request(gateway, status("online", subId)), "online", subId)).isZero();
                await(() -> !direct.client.isConnected());
                assertThat(EVENTS.disconnects()).contains(new RecordingHubEvents.Disconnect(subId.clientId(),
                        CloseReason.KICKED_BY_NEW_LOGIN));
            }
            assertThat(hub.isOnline(subId)).isTrue();
            try (PahoDevice direct = PahoDevice.connect(hub, subId)) {
                // a direct login takes it offline at the gateway
                await(() -> EVENTS.subDevices().contains(new RecordingHubEvents.SubDevice(gwId.clientId(),
                        subId.clientId(), false)));
                assertThat(granted(gateway, Topics.shadowResult(subId), 0)).isEqualTo(0x80);
                assertThat(hub.isOnline(subId)).isTrue();
            }
        }
    }

    private static String errorCode(String action, JsonObject params) {
        JsonObject response = new JsonObject(api.raw(action, params.encode())).getJsonObject("Response");
        assertThat(response.containsKey("Error")).as(action + " " + params.encode() + " -> " + response.encode())
                .isTrue();
        return response.getJsonObject("Error").getString("Code");
    }
}
