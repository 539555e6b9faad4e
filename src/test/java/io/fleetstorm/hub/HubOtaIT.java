package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static io.fleetstorm.hub.TestDevices.device;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.FirmwareCommand;
import io.fleetstorm.protocol.OtaMessages;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** OTA end to end: report_version, update_firmware, a resumed Range download checked by MD5, progress, task counts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubOtaIT {

    private static final int SIZE = 100_000;
    /** Its own product, so its product-wide task never targets the other tests' devices. */
    private static final String WHOLE_PRODUCT = "OTAALL0001";
    private static Hub hub;
    private static ApiClient api;
    private static String md5;

    @BeforeAll
    static void startHub() {
        hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED).apiPort(0)
                        .apiKeys(java.util.List.of(ApiClient.KEY))
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)))
                .product(Product.withSecret(PRODUCT, SECRET))
                .product(Product.withSecret(WHOLE_PRODUCT, SECRET))
                .startAndWait();
        api = new ApiClient(hub);
        JsonObject uploaded = api.ok("UploadFirmware", new JsonObject().put("ProductId", PRODUCT)
                .put("FirmwareVersion", "2.0.0").put("FileSize", SIZE).put("Seed", 7));
        md5 = uploaded.getString("Md5sum");
        assertThat(uploaded.getLong("FileSize")).isEqualTo(SIZE);
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static PahoDevice otaDevice(String name) throws Exception {
        DeviceId id = device(name);
        return PahoDevice.connect(hub, id, Topics.otaUpdate(id), "1");
    }

    /** report_version, then its answer; returns the update_firmware that follows, or null. */
    private static FirmwareCommand reportVersion(PahoDevice dev, String version, boolean expectCommand)
            throws Exception {
        dev.publish(Topics.otaReport(dev.id), OtaMessages.reportVersion(version), 1);
        PahoDevice.Received rsp = dev.next();
        assertThat(rsp).isEqualTo(new PahoDevice.Received(Topics.otaUpdate(dev.id),
                "{\"result_code\":0,\"result_msg\":\"success\",\"type\":\"report_version_rsp\",\"version\":\""
                        + version + "\"}", 1));
        if (!expectCommand) {
            assertThat(dev.quietFor(300)).isTrue();
            return null;
        }
        PahoDevice.Received command = dev.next();
        assertThat(command.topic()).isEqualTo(Topics.otaUpdate(dev.id));
        assertThat(command.qos()).isEqualTo(1);
        assertThat(command.payload()).matches(java.util.regex.Pattern.quote("{\"file_size\":" + SIZE + ",\"md5sum\":\""
                + md5 + "\",\"type\":\"update_firmware\",\"url\":\"http://127.0.0.1:" + hub.apiPort()
                + "/ota/firmware/1A17RZR3XX/2.0.0?token=") + "[0-9a-f]{32}\",\"version\":\"2\\.0\\.0\"}");
        return FirmwareCommand.parse(command.payload());
    }

    private static JsonObject task(long taskId) {
        return api.ok("DescribeFirmwareTask", new JsonObject().put("TaskId", taskId));
    }

    @Test
    void aTargetedDeviceUpgradesWithAResumedDownloadAndTheTaskCountsDoneAndFail() throws Exception {
        try (PahoDevice good = otaDevice("ota-good"); PahoDevice bad = otaDevice("ota-bad");
                PahoDevice other = otaDevice("ota-other")) {
            long taskId = api.ok("BatchUpdateFirmware", new JsonObject().put("ProductId", PRODUCT)
                    .put("FirmwareVersion", "2.0.0").put("DeviceNames", new JsonArray().add("ota-good")
                            .add("ota-bad"))).getLong("TaskId");
            FirmwareCommand command = reportVersion(good, "1.0.0", true);
            reportVersion(other, "1.0.0", false);

            // a download cut short, then resumed from the offset as the SDKs do
            HttpResponse<byte[]> first = api.get(command.url(), "bytes=0-39999");
            assertThat(first.statusCode()).isEqualTo(206);
            assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 0-39999/" + SIZE);
            assertThat(first.headers().firstValue("ETag")).hasValue('"' + md5 + '"');
            good.publish(Topics.otaReport(good.id), OtaMessages.downloading(40, "2.0.0"), 0);
            HttpResponse<byte[]> rest = api.get(command.url(), "bytes=40000-");
            assertThat(rest.statusCode()).isEqualTo(206);
            assertThat(rest.headers().firstValue("Content-Range")).hasValue("bytes 40000-99999/" + SIZE);
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(first.body());
            file.write(rest.body());
            assertThat(file.size()).isEqualTo(command.fileSize());
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(file.toByteArray())))
                    .isEqualTo(command.md5());

            good.publish(Topics.otaReport(good.id), OtaMessages.burning("2.0.0"), 0);
            awaitState(taskId, "ota-good", "burning");
            good.publish(Topics.otaReport(good.id), OtaMessages.done("2.0.0"), 1);
            reportVersion(good, "2.0.0", false);

            reportVersion(bad, "1.0.0", true);
            bad.publish(Topics.otaReport(bad.id), OtaMessages.fail(10, OtaMessages.RESULT_MD5_MISMATCH,
                    "md5 mismatch", "2.0.0"), 1);
            awaitState(taskId, "ota-bad", "fail");

            JsonObject described = task(taskId);
            assertThat(described.getLong("Total")).isEqualTo(2);
            assertThat(described.getLong("SuccessTotal")).isEqualTo(1);
            assertThat(described.getLong("FailureTotal")).isEqualTo(1);
            assertThat(described.getLong("UpgradingTotal")).isZero();
            assertThat(described.getJsonObject("StateCounts").encode()).isEqualTo(
                    "{\"pending\":0,\"notified\":0,\"downloading\":0,\"burning\":0,\"done\":1,\"fail\":1}");
            JsonObject failed = described.getJsonArray("Devices").getJsonObject(0);
            assertThat(failed.getString("DeviceName")).isEqualTo("ota-bad");
            assertThat(failed.getInteger("ErrorCode")).isEqualTo(-4);
            assertThat(failed.getString("OriginalVersion")).isEqualTo("1.0.0");
            assertThat(api.ok("DescribeDevice", new JsonObject().put("ProductId", PRODUCT)
                    .put("DeviceName", "ota-good")).getString("Version")).isEqualTo("2.0.0");
        }
        ServiceStats stats = hub.serviceStats();
        assertThat(stats.otaProgress("done")).isEqualTo(1);
        assertThat(stats.otaProgress("fail")).isEqualTo(1);
        assertThat(stats.otaCommandsSent()).isGreaterThanOrEqualTo(2);
        assertThat(stats.firmwareDownloads()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theDownloadServesWholeFilesSuffixesAndRefusesRangesOutsideTheFileAndWrongTokens() throws Exception {
        String url;
        try (PahoDevice dev = otaDevice("ota-dl")) {
            api.ok("BatchUpdateFirmware", new JsonObject().put("ProductId", PRODUCT)
                    .put("FirmwareVersion", "2.0.0").put("DeviceNames", new JsonArray().add("ota-dl")));
            url = reportVersion(dev, "1.0.0", true).url();
        }
        String bare = url.substring(0, url.indexOf('?'));
        assertThat(api.get(bare, null).statusCode()).isEqualTo(403);
        assertThat(api.get(bare + "?token=" + "0".repeat(32), null).statusCode()).isEqualTo(403);
        HttpResponse<byte[]> whole = api.get(url, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).hasSize(SIZE);
        assertThat(whole.headers().firstValue("Content-MD5")).hasValue(
                java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5)));
        assertThat(api.get(url, "bytes=-10").body()).hasSize(10);
        HttpResponse<byte[]> outside = api.get(url, "bytes=" + SIZE + "-");
        assertThat(outside.statusCode()).isEqualTo(416);
        assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */" + SIZE);
        assertThat(api.get(url.replace("2.0.0", "9.9.9"), null).statusCode()).isEqualTo(404);
        assertThat(hub.serviceStats().firmwareDownloadsRefused()).isGreaterThanOrEqualTo(2);
        assertThat(hub.serviceStats().firmwareRangeUnsatisfiable()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aTaskForTheWholeProductCommandsTheOnlineDevicesThatAlreadyReportedAVersion() throws Exception {
        api.ok("UploadFirmware", new JsonObject().put("ProductId", WHOLE_PRODUCT).put("FirmwareVersion", "3.0.0")
                .put("FileBase64", java.util.Base64.getEncoder().encodeToString("tiny image".getBytes())));
        DeviceId id = new DeviceId(WHOLE_PRODUCT, "ota-all");
        try (PahoDevice dev = PahoDevice.connect(hub, id, Topics.otaUpdate(id), "1")) {
            dev.publish(Topics.otaReport(dev.id), OtaMessages.reportVersion("2.5.0"), 1);
            assertThat(dev.next().payload()).contains("report_version_rsp");
            long taskId = api.ok("BatchUpdateFirmware", new JsonObject().put("ProductId", WHOLE_PRODUCT)
                    .put("FirmwareVersion", "3.0.0")).getLong("TaskId");
            FirmwareCommand command = FirmwareCommand.parse(dev.next().payload());
            assertThat(command.version()).isEqualTo("3.0.0");
            assertThat(command.md5()).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("MD5").digest("tiny image".getBytes())));
            assertThat(api.get(command.url(), null).body()).isEqualTo("tiny image".getBytes());
            assertThat(task(taskId).getJsonObject("StateCounts").getLong("notified")).isEqualTo(1);
        }
    }

    private static void awaitState(long taskId, String deviceName, String state) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        String seen = null;
        while (System.currentTimeMillis() < deadline) {
            for (Object o : task(taskId).getJsonArray("Devices")) {
                JsonObject d = (JsonObject) o;
                if (d.getString("DeviceName").equals(deviceName)) {
                    seen = d.getString("Status");
                }
            }
            if (state.equals(seen)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(deviceName + " is " + seen + ", not " + state);
    }
}
