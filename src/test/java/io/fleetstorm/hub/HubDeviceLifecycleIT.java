package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.ApiActions;
import io.fleetstorm.protocol.DeviceId;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The device life cycle provisioning relies on, through the signed API: DeleteDevice ends an online device's
 * connection and it cannot log in again (as the cloud does), DeleteProduct takes an empty product only, and every
 * action of fleetstorm's client catalogue is one the hub serves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubDeviceLifecycleIT {

    private static Hub hub;
    private static ApiClient api;

    @BeforeAll
    static void startHub() {
        hub = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED)
                        .apiPort(0).apiKeys(List.of(ApiClient.KEY)).limits(HubLimits.CLOUD.withConnectIntervalMs(0)))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait();
        api = new ApiClient(hub);
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void deletingAnOnlineDeviceEndsItsConnectionAndItsLogins() throws Exception {
        DeviceId id = TestDevices.device("lifecycle-1");
        MqttAsyncClient client = TestDevices.client(hub, id);
        assertThat(TestDevices.connect(client, TestDevices.options(id))).isZero();
        api.ok("DeleteDevice", new JsonObject().put("ProductId", PRODUCT).put("DeviceName", id.deviceName()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (client.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(client.isConnected()).as("the hub closed the deleted device's connection").isFalse();
        assertThat(hub.stats().disconnects()).containsEntry(CloseReason.DEVICE_DELETED, 1L);
        TestDevices.closeQuietly(client);
        MqttAsyncClient again = TestDevices.client(hub, id);
        try {
            assertThat(TestDevices.connect(again, TestDevices.options(id))).as("unknown now").isEqualTo(3);
        } finally {
            TestDevices.closeQuietly(again);
        }
    }

    @Test
    void deleteProductTakesOnlyAnEmptyProduct() {
        api.ok("CreateProduct", new JsonObject().put("ProductName", "p").put("ProductId", "LIFECYCLE1"));
        api.ok("CreateDevice", new JsonObject().put("ProductId", "LIFECYCLE1").put("DeviceName", "d"));
        assertThat(api.call("DeleteProduct", "{\"ProductId\":\"LIFECYCLE1\"}")).contains(
                "\"Code\":\"UnsupportedOperation\"", "still has 1 device(s)");
        api.ok("DeleteDevice", new JsonObject().put("ProductId", "LIFECYCLE1").put("DeviceName", "d"));
        api.ok("DeleteProduct", new JsonObject().put("ProductId", "LIFECYCLE1"));
        assertThat(api.call("DescribeProduct", "{\"ProductId\":\"LIFECYCLE1\"}"))
                .contains("ResourceNotFound.ProductNotExist");
    }

    @Test
    void everyActionOfTheClientCatalogueIsServed() {
        for (String action : ApiActions.CALLED) {
            assertThat(api.call(action, "{}")).as(action).doesNotContain("InvalidAction", "AuthFailure");
        }
        assertThat(api.call("PublishFirmwareUpdateMessage", "{}")).as("not an action of the cloud")
                .contains("\"Code\":\"InvalidAction\"");
    }
}
