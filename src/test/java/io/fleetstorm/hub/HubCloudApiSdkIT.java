package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static io.fleetstorm.hub.TestDevices.device;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.iotcloud.v20210408.IotcloudClient;
import com.tencentcloudapi.iotcloud.v20210408.models.BatchUpdateFirmwareRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.CreateDeviceRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.CreateDeviceResponse;
import com.tencentcloudapi.iotcloud.v20210408.models.CreateProductRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.CreateProductResponse;
import com.tencentcloudapi.iotcloud.v20210408.models.DeleteDeviceRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeDeviceRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeDeviceResponse;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeDeviceShadowRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeDevicesRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeDevicesResponse;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeFirmwareRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeFirmwareResponse;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeFirmwareTaskDevicesRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeFirmwareTaskDevicesResponse;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeFirmwareTaskRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeFirmwareTaskResponse;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeFirmwareTaskStatisticsRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeFirmwareTaskStatisticsResponse;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeFirmwareTasksRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeFirmwareTasksResponse;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeProductRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeProductsRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.GetCOSURLRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.ProductProperties;
import com.tencentcloudapi.iotcloud.v20210408.models.PublishBroadcastMessageRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.PublishMessageRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.PublishRRPCMessageRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.PublishRRPCMessageResponse;
import com.tencentcloudapi.iotcloud.v20210408.models.UpdateDevicePSKRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.UpdateDeviceShadowRequest;
import com.tencentcloudapi.iotcloud.v20210408.models.UploadFirmwareRequest;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.OtaMessages;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vendor's own Cloud API SDK ({@code tencentcloud-sdk-java} 3.1.1000, {@code IotcloudClient}) against the hub,
 * for every action fleetstorm uses: each call succeeds and reads back what was set. The SDK is pointed at the hub as
 * an HTTP proxy, so it signs for the cloud's host name ({@code iotcloud.tencentcloudapi.com:PORT}, service
 * {@code iotcloud}) exactly as it would for the cloud, and no name resolution is involved.
 */
class HubCloudApiSdkIT {

    private static final String HOST = "iotcloud.tencentcloudapi.com";
    private static Hub hub;
    private static IotcloudClient sdk;

    @BeforeAll
    static void startHub() {
        hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED).apiPort(0)
                        .apiKeys(List.of(ApiClient.KEY)).limits(HubLimits.CLOUD.withConnectIntervalMs(0)))
                .product(Product.withSecret(PRODUCT, SECRET))
                .startAndWait();
        sdk = sdk(ApiClient.KEY.secretId(), ApiClient.KEY.secretKey());
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    static IotcloudClient sdk(String secretId, String secretKey) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint(HOST + ":" + hub.apiPort());
        http.setProtocol(HttpProfile.REQ_HTTP);
        http.setProxyHost("127.0.0.1");
        http.setProxyPort(hub.apiPort());
        http.setReadTimeout(10);
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        return new IotcloudClient(new Credential(secretId, secretKey), "ap-guangzhou", profile);
    }

    @Test
    void shadowDesiredStateIsSetAndReadBack() throws Exception {
        DescribeDeviceShadowRequest describe = new DescribeDeviceShadowRequest();
        describe.setProductId(PRODUCT);
        describe.setDeviceName("sdk-shadow");
        long version = new JsonObject(sdk.DescribeDeviceShadow(describe).getData()).getLong("version");
        UpdateDeviceShadowRequest update = new UpdateDeviceShadowRequest();
        update.setProductId(PRODUCT);
        update.setDeviceName("sdk-shadow");
        update.setState("{\"desired\":{\"lamp\":1}}");
        update.setShadowVersion(version);
        JsonObject updated = new JsonObject(sdk.UpdateDeviceShadow(update).getData());
        assertThat(updated.getJsonObject("state").getJsonObject("desired").encode())
                .isEqualTo("{\"lamp\":1}");
        JsonObject read = new JsonObject(sdk.DescribeDeviceShadow(describe).getData());
        assertThat(read.getLong("version")).isEqualTo(version + 1);
        assertThat(read.getJsonObject("state").getJsonObject("desired").encode())
                .isEqualTo("{\"lamp\":1}");
        update.setShadowVersion(version);
        assertThatThrownBy(() -> sdk.UpdateDeviceShadow(update)).isInstanceOf(TencentCloudSDKException.class)
                .satisfies(e -> assertThat(((TencentCloudSDKException) e).getErrorCode())
                        .isEqualTo("FailedOperation.UpdateVersionNotMatch"));
    }

    @Test
    void publishBroadcastAndRrpcReachTheDevice() throws Exception {
        DeviceId id = device("sdk-msg");
        try (PahoDevice dev = PahoDevice.connect(hub, id, Topics.control(id), "1", Topics.broadcast(id), "0",
                Topics.rrpcRequestFilter(id), "0")) {
            PublishMessageRequest publish = new PublishMessageRequest();
            publish.setProductId(PRODUCT);
            publish.setDeviceName("sdk-msg");
            publish.setTopic(Topics.control(id));
            publish.setPayload(Base64.getEncoder().encodeToString("{\"on\":true}".getBytes()));
            publish.setPayloadEncoding("base64");
            publish.setQos(1L);
            assertThat(sdk.PublishMessage(publish).getRequestId()).isNotEmpty();
            assertThat(dev.next()).isEqualTo(new PahoDevice.Received(Topics.control(id), "{\"on\":true}", 1));

            PublishBroadcastMessageRequest broadcast = new PublishBroadcastMessageRequest();
            broadcast.setProductId(PRODUCT);
            broadcast.setPayload("all lights off");
            broadcast.setQos(0L);
            assertThat(sdk.PublishBroadcastMessage(broadcast).getTaskId()).isPositive();
            assertThat(dev.next()).isEqualTo(new PahoDevice.Received(Topics.broadcast(id), "all lights off", 0));

            PublishRRPCMessageRequest rrpc = new PublishRRPCMessageRequest();
            rrpc.setProductId(PRODUCT);
            rrpc.setDeviceName("sdk-msg");
            rrpc.setPayload("ping");
            CompletableFuture<PublishRRPCMessageResponse> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return sdk.PublishRRPCMessage(rrpc);
                } catch (TencentCloudSDKException e) {
                    throw new IllegalStateException(e);
                }
            });
            PahoDevice.Received request = dev.next();
            String processId = request.topic().substring(request.topic().lastIndexOf('/') + 1);
            dev.publish(Topics.rrpcReply(id, processId), "pong", 0);
            PublishRRPCMessageResponse answer = call.get(8, TimeUnit.SECONDS);
            assertThat(answer.getMessageId()).isEqualTo(Long.parseLong(processId));
            assertThat(Base64.getDecoder().decode(answer.getPayloadBase64())).isEqualTo("pong".getBytes());
        }
    }

    @Test
    void theCloudsOtaFlowUploadsCreatesATaskAndCountsAnOfflineTargetAsPending() throws Exception {
        byte[] image = new byte[300_000];
        new java.util.Random(3).nextBytes(image);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image));
        GetCOSURLRequest cos = new GetCOSURLRequest();
        cos.setProductId(PRODUCT);
        cos.setFirmwareVersion("4.0.0");
        cos.setFileSize((long) image.length);
        String url = sdk.GetCOSURL(cos).getUrl();
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.headers().firstValue("ETag")).hasValue('"' + md5 + '"');

        UploadFirmwareRequest upload = new UploadFirmwareRequest();
        upload.setProductId(PRODUCT);
        upload.setFirmwareVersion("4.0.0");
        upload.setMd5sum(md5);
        upload.setFileSize((long) image.length);
        upload.setFirmwareName("lamp firmware");
        upload.setFirmwareDescription("brighter");
        sdk.UploadFirmware(upload);
        DescribeFirmwareRequest describeFw = new DescribeFirmwareRequest();
        describeFw.setProductId(PRODUCT);
        describeFw.setFirmwareVersion("4.0.0");
        DescribeFirmwareResponse fw = sdk.DescribeFirmware(describeFw);
        assertThat(List.of(fw.getVersion(), fw.getName(), fw.getDescription(), fw.getMd5sum()))
                .containsExactly("4.0.0", "lamp firmware", "brighter", md5);

        DeviceId id = device("sdk-ota-on");
        try (PahoDevice online = PahoDevice.connect(hub, id, Topics.otaUpdate(id), "1")) {
            online.publish(Topics.otaReport(id), OtaMessages.reportVersion("3.0.0"), 1);
            assertThat(online.next().payload()).contains("report_version_rsp");
            BatchUpdateFirmwareRequest batch = new BatchUpdateFirmwareRequest();
            batch.setProductId(PRODUCT);
            batch.setFirmwareVersion("4.0.0");
            batch.setFirmwareOriVersion("3.0.0");
            batch.setUpgradeMethod(0L);
            batch.setDeviceNames(new String[] {"sdk-ota-on", "sdk-ota-off"});
            long taskId = sdk.BatchUpdateFirmware(batch).getTaskId();
            JsonObject command = new JsonObject(online.next().payload());
            assertThat(command.getString("md5sum")).isEqualTo(md5);
            byte[] downloaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    command.getString("url"))).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            assertThat(downloaded).isEqualTo(image);
            online.publish(Topics.otaReport(id), OtaMessages.done("4.0.0"), 1);

            DescribeFirmwareTaskRequest describeTask = new DescribeFirmwareTaskRequest();
            describeTask.setProductId(PRODUCT);
            describeTask.setFirmwareVersion("4.0.0");
            describeTask.setTaskId(taskId);
            DescribeFirmwareTaskResponse task = sdk.DescribeFirmwareTask(describeTask);
            assertThat(task.getTaskId()).isEqualTo(taskId);
            assertThat(task.getOriginalVersion()).isEqualTo("3.0.0");

            DescribeFirmwareTasksRequest tasks = new DescribeFirmwareTasksRequest();
            tasks.setProductId(PRODUCT);
            tasks.setFirmwareVersion("4.0.0");
            tasks.setOffset(0L);
            tasks.setLimit(10L);
            DescribeFirmwareTasksResponse listed = sdk.DescribeFirmwareTasks(tasks);
            assertThat(listed.getTotal()).isEqualTo(1);
            assertThat(listed.getTaskInfos()[0].getTaskId()).isEqualTo(taskId);

            DescribeFirmwareTaskDevicesRequest devices = new DescribeFirmwareTaskDevicesRequest();
            devices.setProductId(PRODUCT);
            devices.setFirmwareVersion("4.0.0");
            devices.setOffset(0L);
            devices.setLimit(10L);
            long deadline = System.currentTimeMillis() + 5_000;
            DescribeFirmwareTaskDevicesResponse states;
            do {
                states = sdk.DescribeFirmwareTaskDevices(devices);
            } while (states.getDevices()[1].getStatus() != 6 && System.currentTimeMillis() < deadline);
            assertThat(states.getTotal()).isEqualTo(2);
            assertThat(states.getDevices()[0].getDeviceName()).isEqualTo("sdk-ota-off");
            assertThat(states.getDevices()[0].getStatus()).as("offline target: pending, offline").isZero();
            assertThat(states.getDevices()[1].getDeviceName()).isEqualTo("sdk-ota-on");
            assertThat(states.getDevices()[1].getStatus()).as("done").isEqualTo(6);
            assertThat(states.getDevices()[1].getOriVersion()).isEqualTo("3.0.0");

            DescribeFirmwareTaskStatisticsRequest statistics = new DescribeFirmwareTaskStatisticsRequest();
            statistics.setProductId(PRODUCT);
            statistics.setFirmwareVersion("4.0.0");
            DescribeFirmwareTaskStatisticsResponse figures = sdk.DescribeFirmwareTaskStatistics(statistics);
            assertThat(List.of(figures.getSuccessTotal(), figures.getFailureTotal(), figures.getUpgradingTotal()))
                    .containsExactly(1L, 0L, 1L);
        }
    }

    @Test
    void productsAndDevicesAreCreatedDescribedPagedChangedAndDeleted() throws Exception {
        CreateProductRequest create = new CreateProductRequest();
        create.setProductName("sdk lamps");
        ProductProperties properties = new ProductProperties();
        properties.setEncryptionType("2");
        properties.setProductDescription("made by the SDK");
        create.setProductProperties(properties);
        CreateProductResponse product = sdk.CreateProduct(create);
        String pid = product.getProductId();
        assertThat(pid).matches("[A-Z0-9]{10}");
        DescribeProductRequest describeProduct = new DescribeProductRequest();
        describeProduct.setProductId(pid);
        assertThat(sdk.DescribeProduct(describeProduct).getProductName()).isEqualTo("sdk lamps");
        DescribeProductsRequest products = new DescribeProductsRequest();
        products.setOffset(0L);
        products.setLimit(100L);
        assertThat(List.of(sdk.DescribeProducts(products).getProducts())).extracting(p -> p.getProductId())
                .contains(pid, PRODUCT);

        String defined = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());
        for (int i = 0; i < 5; i++) {
            CreateDeviceRequest device = new CreateDeviceRequest();
            device.setProductId(pid);
            device.setDeviceName("lamp-" + i);
            if (i == 0) {
                device.setDefinedPsk(defined);
            }
            CreateDeviceResponse created = sdk.CreateDevice(device);
            assertThat(created.getDeviceName()).isEqualTo("lamp-" + i);
            assertThat(Base64.getDecoder().decode(created.getDevicePsk())).hasSize(16);
            if (i == 0) {
                assertThat(created.getDevicePsk()).isEqualTo(defined);
            }
        }
        CreateDeviceRequest duplicate = new CreateDeviceRequest();
        duplicate.setProductId(pid);
        duplicate.setDeviceName("lamp-1");
        assertThatThrownBy(() -> sdk.CreateDevice(duplicate)).satisfies(e -> assertThat(
                ((TencentCloudSDKException) e).getErrorCode()).isEqualTo("InvalidParameterValue.DeviceAlreadyExist"));

        DescribeDevicesRequest page = new DescribeDevicesRequest();
        page.setProductId(pid);
        page.setOffset(2L);
        page.setLimit(2L);
        DescribeDevicesResponse second = sdk.DescribeDevices(page);
        assertThat(second.getTotalCount()).isEqualTo(5);
        assertThat(List.of(second.getDevices())).extracting(d -> d.getDeviceName())
                .containsExactly("lamp-2", "lamp-3");

        String newPsk = Base64.getEncoder().encodeToString("fedcba9876543210".getBytes());
        UpdateDevicePSKRequest psk = new UpdateDevicePSKRequest();
        psk.setProductId(pid);
        psk.setDeviceName("lamp-0");
        psk.setPsk(newPsk);
        sdk.UpdateDevicePSK(psk);
        DescribeDeviceRequest describe = new DescribeDeviceRequest();
        describe.setProductId(pid);
        describe.setDeviceName("lamp-0");
        DescribeDeviceResponse lamp = sdk.DescribeDevice(describe);
        assertThat(lamp.getDevicePsk()).isEqualTo(newPsk);
        assertThat(lamp.getOnline()).isZero();
        assertThat(lamp.getEnableState()).isEqualTo(1);

        DeleteDeviceRequest delete = new DeleteDeviceRequest();
        delete.setProductId(pid);
        delete.setDeviceName("lamp-0");
        sdk.DeleteDevice(delete);
        assertThatThrownBy(() -> sdk.DescribeDevice(describe)).satisfies(e -> assertThat(
                ((TencentCloudSDKException) e).getErrorCode()).isEqualTo("ResourceNotFound.DeviceNotExist"));
        page.setOffset(0L);
        page.setLimit(10L);
        assertThat(sdk.DescribeDevices(page).getTotalCount()).isEqualTo(4);
    }

    @Test
    void aCertificateProductsDevicesGetACertificateFromTheHubsCa() throws Exception {
        CreateProductRequest create = new CreateProductRequest();
        create.setProductName("sdk cameras");
        ProductProperties properties = new ProductProperties();
        properties.setEncryptionType("1");
        create.setProductProperties(properties);
        String pid = sdk.CreateProduct(create).getProductId();
        CreateDeviceRequest device = new CreateDeviceRequest();
        device.setProductId(pid);
        device.setDeviceName("cam-1");
        CreateDeviceResponse created = sdk.CreateDevice(device);
        assertThat(created.getDevicePsk()).isEmpty();
        assertThat(created.getDevicePrivateKey()).startsWith("-----BEGIN PRIVATE KEY-----");
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(created.getDeviceCert().getBytes()));
        cert.verify(hub.certificateAuthority().certificate().getPublicKey());
        assertThat(hub.registry().device(new DeviceId(pid, "cam-1")).orElseThrow().certificate()).isEqualTo(cert);
    }

    @Test
    void aWrongKeyOrAnUnknownSecretIdGetsTheCloudsCode() {
        DescribeDeviceShadowRequest describe = new DescribeDeviceShadowRequest();
        describe.setProductId(PRODUCT);
        describe.setDeviceName("sdk-auth");
        assertThatThrownBy(() -> sdk(ApiClient.KEY.secretId(), "notTheRightKey").DescribeDeviceShadow(describe))
                .satisfies(e -> assertThat(((TencentCloudSDKException) e).getErrorCode())
                        .isEqualTo("AuthFailure.SignatureFailure"));
        assertThatThrownBy(() -> sdk("AKIDunknown", ApiClient.KEY.secretKey()).DescribeDeviceShadow(describe))
                .satisfies(e -> assertThat(((TencentCloudSDKException) e).getErrorCode())
                        .isEqualTo("AuthFailure.SecretIdNotFound"));
    }
}
