package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static io.fleetstorm.hub.TestDevices.device;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Remote configuration (addendum section 13) and resources (section 14, with the HTTP of section 16) played by
 * Paho devices writing the C SDK's messages and raw sockets writing its HTTP requests byte for byte.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubConfigAndResourceIT {

    private static final String CONFIG_PRODUCT = "CFGPROD001";
    private static Hub hub;
    private static ApiClient api;

    @BeforeAll
    static void startHub() {
        hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED).apiPort(0)
                        .apiKeys(java.util.List.of(ApiClient.KEY))
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)))
                .product(Product.withSecret(PRODUCT, SECRET))
                .product(Product.withSecret(CONFIG_PRODUCT, SECRET))
                .startAndWait();
        api = new ApiClient(hub);
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static String result(DeviceId id) {
        return "$config/operation/result/" + id.productId() + "/" + id.deviceName();
    }

    @Test
    void configGetOnBothTopicsAndPushes() throws Exception {
        DeviceId c = new DeviceId(CONFIG_PRODUCT, "cfg-c");
        DeviceId java = new DeviceId(CONFIG_PRODUCT, "cfg-java");
        try (PahoDevice cDevice = PahoDevice.connect(hub, c, result(c), "0");
                PahoDevice javaDevice = PahoDevice.connect(hub, java, result(java), "1")) {
            cDevice.publish("$config/operation/" + CONFIG_PRODUCT + "/cfg-c", "{\"type\":\"get\"}", 0);
            PahoDevice.Received disabled = cDevice.next();
            assertThat(disabled.topic()).isEqualTo(result(c));
            assertThat(disabled.payload()).isEqualTo("{\"type\":\"reply\",\"result\":1001,\"payload\":{}}");

            JsonObject set = api.ok("UpdateProductRemoteConfig", new JsonObject().put("ProductId", CONFIG_PRODUCT)
                    .put("Enabled", true).put("Config", "{ \"interval\": 5, \"mode\": \"eco\" }"));
            assertThat(set.getInteger("Pushed")).isEqualTo(2);
            PahoDevice.Received pushC = cDevice.next();
            assertThat(pushC.payload()).isEqualTo("{\"type\":\"push\",\"result\":0,\"payload\":{\"interval\":5,"
                    + "\"mode\":\"eco\"}}");
            assertThat(pushC.qos()).isZero(); // as subscribed
            PahoDevice.Received pushJava = javaDevice.next();
            assertThat(pushJava.qos()).isEqualTo(1);

            javaDevice.publish("$config/report/" + CONFIG_PRODUCT + "/cfg-java", "{\"type\":\"get\"}", 1);
            assertThat(javaDevice.next().payload()).isEqualTo("{\"type\":\"reply\",\"result\":0,\"payload\":"
                    + "{\"interval\":5,\"mode\":\"eco\"}}");

            api.ok("UpdateProductRemoteConfig", new JsonObject().put("ProductId", CONFIG_PRODUCT).put("Enabled", 0));
            cDevice.publish("$config/operation/" + CONFIG_PRODUCT + "/cfg-c", "{\"type\":\"get\"}", 0);
            assertThat(cDevice.next().payload()).isEqualTo("{\"type\":\"reply\",\"result\":1001,\"payload\":{}}");
            assertThat(cDevice.quietFor(200)).isTrue();
        }
        JsonObject refused = new JsonObject(api.raw("UpdateProductRemoteConfig", new JsonObject()
                .put("ProductId", CONFIG_PRODUCT).put("Enabled", true).put("Config", "[1]").encode()))
                .getJsonObject("Response").getJsonObject("Error");
        assertThat(refused.getString("Code")).isEqualTo("InvalidParameterValue");
        assertThat(refused.getString("Message"))
                .isEqualTo("The value of parameter `Config` must be a JSON object, but was \"[1]\".");
        assertThat(hub.featureStats().configGets()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anUploadAsTheCSdkDoesItIsCheckedAndKept() throws Exception {
        DeviceId id = device("res-up");
        byte[] file = bytes(30_000, 3);
        String md5 = md5Hex(file);
        try (PahoDevice dev = PahoDevice.connect(hub, id, down(id), "1")) {
            dev.publish(up(id), "{\"type\": \"create_upload_task\",\"size\": 30000,\"name\": \"log.bin\","
                    + "\"md5sum\": \"" + md5 + "\"}", 1);
            JsonObject rsp = new JsonObject(dev.next().payload());
            assertThat(rsp.getString("type")).isEqualTo("create_upload_task_rsp");
            assertThat(rsp.getLong("size")).isEqualTo(30_000L);
            assertThat(rsp.getString("name")).isEqualTo("log.bin");
            assertThat(rsp.getString("md5sum")).isEqualTo(md5);
            URI url = URI.create(rsp.getString("url"));
            assertThat(url.getHost()).isEqualTo("127.0.0.1");

            dev.publish(up(id), "{\"type\":\"report_upload_progress\",\"name\":\"log.bin\",\"progress\":{\"percent\":0,"
                    + "\"state\":\"uploading\",\"result_code\":0,\"result_msg\":\"\"}}", 0);
            assertThat(dev.next().payload())
                    .isEqualTo("{\"type\":\"report_upload_progress_rsp\",\"result_code\":0,\"result_msg\":\"ok\"}");

            String answer = put(url, file, Base64.getEncoder().encodeToString(md5Raw(file)));
            assertThat(answer).startsWith("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n");

            dev.publish(up(id), "{\"type\":\"report_upload_progress\",\"name\":\"log.bin\",\"progress\":"
                    + "{\"state\":\"done\",\"result_code\":0,\"result_msg\":\"\"}}", 1);
            assertThat(dev.next().payload())
                    .isEqualTo("{\"type\":\"report_upload_progress_rsp\",\"result_code\":0,\"result_msg\":\"ok\"}");
            // the URL was for one upload
            assertThat(put(url, file, null)).startsWith("HTTP/1.1 403 Forbidden\r\n");
        }
        JsonObject described = api.ok("DescribeDeviceResource", new JsonObject().put("ProductID", PRODUCT)
                .put("DeviceName", "res-up").put("Name", "log.bin"));
        assertThat(described.getJsonObject("Result").getString("Md5")).isEqualTo(md5);
        assertThat(described.getJsonObject("Result").getLong("Size")).isEqualTo(30_000L);
        assertThat(hub.featureStats().resourceBytesUploaded()).isGreaterThanOrEqualTo(30_000L);
    }

    @Test
    void wrongBytesAreRefusedAndTheFinalReportSaysSo() throws Exception {
        DeviceId id = device("res-bad");
        byte[] file = bytes(1_000, 4);
        try (PahoDevice dev = PahoDevice.connect(hub, id, down(id), "1")) {
            dev.publish(up(id), "{\"type\": \"create_upload_task\",\"size\": 1000,\"name\": \"bad.bin\","
                    + "\"md5sum\": \"" + md5Hex(file) + "\"}", 1);
            URI url = URI.create(new JsonObject(dev.next().payload()).getString("url"));
            byte[] corrupted = Arrays.copyOf(file, file.length);
            corrupted[500] ^= 1;
            String answer = put(url, corrupted, null); // no Content-MD5: the bytes themselves are hashed
            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\nContent-Length: 19\r\n");
            assertThat(answer).endsWith("md5sum not matched\n");
            dev.publish(up(id), "{\"type\":\"report_upload_progress\",\"name\":\"bad.bin\",\"progress\":"
                    + "{\"state\":\"done\",\"result_code\":0,\"result_msg\":\"\"}}", 1);
            assertThat(dev.next().payload()).isEqualTo("{\"type\":\"report_upload_progress_rsp\",\"result_code\":-4,"
                    + "\"result_msg\":\"md5sum not matched\"}");

            dev.publish(up(id), "{\"type\": \"create_upload_task\",\"size\": 10,\"name\": \"\",\"md5sum\": \"x\"}", 1);
            assertThat(dev.next().payload()).isEqualTo("{\"type\":\"create_upload_task_rsp\",\"result_code\":-1,"
                    + "\"result_msg\":\"name must be 1..64 characters\"}");
        }
        assertThat(put(URI.create("http://127.0.0.1:" + hub.apiPort() + "/resource/upload/nope"), new byte[1], null))
                .startsWith("HTTP/1.1 403 Forbidden\r\n");
    }

    @Test
    void aDownloadTaskIsPushedAndFetchedAsTheCSdkFetches() throws Exception {
        DeviceId online = device("res-down-1");
        DeviceId later = device("res-down-2");
        byte[] file = bytes(10_000, 5);
        JsonObject created = api.ok("CreateProductResource", new JsonObject().put("ProductId", PRODUCT)
                .put("Name", "cfg.bin").put("FileBase64", Base64.getEncoder().encodeToString(file)));
        assertThat(created.getString("Md5")).isEqualTo(md5Hex(file));
        try (PahoDevice dev = PahoDevice.connect(hub, online, down(online), "1")) {
            JsonObject task = api.ok("CreateResourceTask", new JsonObject().put("ProductId", PRODUCT)
                    .put("Name", "cfg.bin").put("DeviceNames", new JsonArray().add("res-down-1").add("res-down-2")));
            assertThat(task.getInteger("Total")).isEqualTo(2);
            assertThat(task.getInteger("Pushed")).isEqualTo(1);
            JsonObject push = new JsonObject(dev.next().payload());
            assertThat(push.getString("type")).isEqualTo("download");
            assertThat(push.getLong("size")).isEqualTo(10_000L);
            assertThat(push.getString("md5sum")).isEqualTo(md5Hex(file));
            URI url = URI.create(push.getString("url"));

            // the C SDK's GET: Range end = file size (one past the last byte), no Connection header
            String raw = get(url, "bytes=0-10000");
            int headEnd = raw.indexOf("\r\n\r\n") + 4;
            assertThat(raw.substring(0, headEnd)).isEqualTo("HTTP/1.1 206 Partial Content\r\n"
                    + "Content-Length: 10000\r\nContent-Range: bytes 0-9999/10000\r\nAccept-Ranges: bytes\r\n"
                    + "Content-Type: application/octet-stream\r\nETag: \"" + md5Hex(file) + "\"\r\n\r\n");
            assertThat(md5Hex(raw.substring(headEnd).getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(md5Hex(file));
            // resumed at 4000
            String resumed = get(url, "bytes=4000-10000");
            assertThat(resumed).contains("\r\nContent-Length: 6000\r\nContent-Range: bytes 4000-9999/10000\r\n");
            assertThat(get(url, "bytes=10000-10000")).startsWith("HTTP/1.1 416 Requested Range Not Satisfiable\r\n"
                    + "Content-Length: 0\r\n");

            dev.publish(up(online), "{\"type\":\"report_download_progress\",\"name\":\"cfg.bin\",\"progress\":"
                    + "{\"state\":\"done\",\"result_code\":0,\"result_msg\":\"\"}}", 1);
            assertThat(dev.next().payload()).isEqualTo(
                    "{\"type\":\"report_download_progress_rsp\",\"result_code\":0,\"result_msg\":\"ok\"}");
            JsonObject described = api.ok("DescribeResourceTask", new JsonObject().put("TaskId",
                    task.getLong("TaskId")));
            assertThat(described.getJsonArray("Devices").getJsonObject(0).getString("Status")).isEqualTo("done");
        }
        try (PahoDevice dev = PahoDevice.connect(hub, later, down(later), "1")) {
            dev.publish(up(later), "{\"type\": \"get_download_task\"}", 1);
            JsonObject rsp = new JsonObject(dev.next().payload());
            assertThat(rsp.getString("type")).isEqualTo("get_download_task_rsp");
            assertThat(rsp.getString("name")).isEqualTo("cfg.bin");
            assertThat(get(URI.create(rsp.getString("url")), null)).startsWith("HTTP/1.1 200 OK\r\n"
                    + "Content-Length: 10000\r\n");
        }
        assertThat(get(URI.create("http://127.0.0.1:" + hub.apiPort() + "/resource/download/0000"), null))
                .startsWith("HTTP/1.1 403 Forbidden\r\n");
    }

    private static String up(DeviceId id) {
        return "$resource/up/service/" + id.productId() + "/" + id.deviceName();
    }

    private static String down(DeviceId id) {
        return "$resource/down/service/" + id.productId() + "/" + id.deviceName();
    }

    /** The C SDK's PUT: headers first (Content-MD5 with no space), then the body in pieces. */
    private static String put(URI url, byte[] body, String contentMd5) throws Exception {
        StringBuilder head = new StringBuilder("PUT ").append(url.getRawPath()).append(" HTTP/1.1\r\nHost: ")
                .append(url.getHost()).append(':').append(url.getPort()).append("\r\n");
        if (contentMd5 != null) {
            head.append("Content-MD5:").append(contentMd5).append("\r\n");
        }
        head.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(body.length)
                .append("\r\n\r\n");
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                for (int i = 0; i < body.length; i += 4096) {
                    out.write(body, i, Math.min(4096, body.length - i));
                    out.flush();
                }
            } catch (java.io.IOException e) {
                // the hub may refuse before the body and close: the answer is read below
            }
            return readAnswer(socket.getInputStream());
        }
    }

    private static String get(URI url, String range) throws Exception {
        String request = "GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nAccept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
                + "Accept-Encoding: gzip, deflate\r\n" + (range == null ? "" : "Range: " + range + "\r\n") + "\r\n";
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return readAnswer(socket.getInputStream());
        }
    }

    /** Reads the head, then exactly Content-Length body bytes (the connection may stay open). */
    private static String readAnswer(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int at = text.indexOf("Content-Length: ");
        int length = at < 0 ? 0 : Integer.parseInt(text.substring(at + 16, text.indexOf("\r\n", at)));
        byte[] body = in.readNBytes(length);
        return text + new String(body, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static byte[] md5Raw(byte[] b) throws Exception {
        return MessageDigest.getInstance("MD5").digest(b);
    }

    private static String md5Hex(byte[] b) throws Exception {
        return HexFormat.of().formatHex(md5Raw(b));
    }
}
