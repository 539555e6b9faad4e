package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static io.fleetstorm.hub.TestDevices.device;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.FirmwareCommand;
import io.fleetstorm.protocol.OtaMessages;
import io.fleetstorm.protocol.Tc3Signer;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bytes of every kind of HTTP answer the hub sends, read from a raw socket, because header case and layout are
 * what embedded clients depend on (addendum section 16): the C SDK searches the header block case-sensitively for
 * {@code Content-Length: } and reads at most 1,024 bytes plus one more read of it. Requests are written byte for byte,
 * the firmware GET as the C SDK writes it.
 */
class HubHttpBytesIT {

    private static final int SIZE = 100_000;
    private static Hub hub;
    private static ApiClient api;
    private static String md5;
    private static String url;

    @BeforeAll
    static void startHub() throws Exception {
        hub = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED)
                        .apiPort(0).apiKeys(List.of(ApiClient.KEY)).apiMaxBodyBytes(4096)
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait();
        api = new ApiClient(hub);
        md5 = api.ok("UploadFirmware", new JsonObject().put("ProductId", PRODUCT).put("FirmwareVersion", "9.0.0")
                .put("FileSize", SIZE).put("Seed", 11)).getString("Md5sum");
        DeviceId id = device("bytes-1");
        try (PahoDevice dev = PahoDevice.connect(hub, id, Topics.otaUpdate(id), "1")) {
            api.ok("BatchUpdateFirmware", new JsonObject().put("ProductId", PRODUCT)
                    .put("FirmwareVersion", "9.0.0").put("DeviceNames", new JsonArray().add("bytes-1")));
            dev.publish(Topics.otaReport(id), OtaMessages.reportVersion("1.0.0"), 1);
            dev.next();
            url = FirmwareCommand.parse(dev.next().payload()).url();
        }
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    /** Writes the request, reads the status line and headers (up to the blank line) and then Content-Length bytes. */
    private record Answer(String head, byte[] body) {
        String statusLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }
    }

    private static Answer exchange(String request, byte[] body) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), hub.apiPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                s.getOutputStream().write(body);
            }
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("closed after " + head.toString(StandardCharsets.ISO_8859_1));
                }
                head.write(b);
            }
            String h = head.toString(StandardCharsets.ISO_8859_1);
            Matcher m = Pattern.compile("\r\nContent-Length: (\\d+)\r\n").matcher(h);
            byte[] content = m.find() ? in.readNBytes(Integer.parseInt(m.group(1))) : new byte[0];
            return new Answer(h, content);
        }
    }

    /** The C SDK's GET (ota_fetch.c + utils_httpc.c), with its Range end one past the last byte. */
    private static String cSdkGet(String target, long offset) {
        URI u = URI.create(target);
        return "GET " + u.getRawPath() + "?" + u.getRawQuery() + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                + "\r\nAccept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
                + "Accept-Encoding: gzip, deflate\r\nRange: bytes=" + offset + "-" + SIZE + "\r\n\r\n";
    }

    /** What every answer must be: canonical names, Content-Length first of its kind, short, identity. */
    private static void assertSdkReadable(Answer a) {
        assertThat(a.head().length()).as("status line and headers within the C SDK's first read").isLessThan(1024);
        String[] lines = a.head().split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String name = lines[i].substring(0, lines[i].indexOf(':'));
            assertThat(lines[i]).as("one space after the colon").startsWith(name + ": ");
            assertThat(Character.isUpperCase(name.charAt(0))).as(name + " is Title-Case").isTrue();
            for (String part : name.split("-")) {
                assertThat(Character.isUpperCase(part.charAt(0)) || part.equals("MD5") || part.equals("TC"))
                        .as(name + " is Title-Case").isTrue();
            }
        }
        assertThat(a.head().indexOf("Content-Length: ")).as("Content-Length: N present")
                .isPositive().isEqualTo(a.head().indexOf("Content-Length"));
        assertThat(a.head()).doesNotContainIgnoringCase("Transfer-Encoding").doesNotContainIgnoringCase(
                "Content-Encoding");
    }

    @Test
    void theCSdksFullDownloadGets200WithTheWholeFile() throws Exception {
        Answer a = exchange(cSdkGet(url, 0).replace("Range: bytes=0-" + SIZE + "\r\n", ""), null);
        assertThat(a.head()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: " + SIZE + "\r\n"
                + "Content-Type: application/octet-stream\r\nAccept-Ranges: bytes\r\nETag: \"" + md5 + "\"\r\n"
                + "Content-MD5: " + java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5))
                + "\r\n\r\n");
        assertSdkReadable(a);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(a.body()))).isEqualTo(md5);
    }

    @Test
    void theCSdksResumedDownloadGets206ClampedToTheLastByte() throws Exception {
        Answer a = exchange(cSdkGet(url, 40_000), null);
        assertThat(a.head()).isEqualTo("HTTP/1.1 206 Partial Content\r\nContent-Length: 60000\r\n"
                + "Content-Type: application/octet-stream\r\nAccept-Ranges: bytes\r\nETag: \"" + md5 + "\"\r\n"
                + "Content-Range: bytes 40000-99999/100000\r\n\r\n");
        assertSdkReadable(a);
        assertThat(a.body()).hasSize(60_000);
    }

    @Test
    void aRangeFromTheEndIs416AWrongToken403AndAnUnknownImage404() throws Exception {
        Answer unsatisfiable = exchange(cSdkGet(url, SIZE), null);
        assertThat(unsatisfiable.head()).isEqualTo("HTTP/1.1 416 Requested Range Not Satisfiable\r\n"
                + "Content-Length: 0\r\nContent-Range: bytes */100000\r\nAccept-Ranges: bytes\r\n\r\n");
        assertSdkReadable(unsatisfiable);
        Answer forbidden = exchange(cSdkGet(url.replaceAll("token=[0-9a-f]+", "token=" + "0".repeat(32)), 0), null);
        assertThat(forbidden.head()).isEqualTo("HTTP/1.1 403 Forbidden\r\nContent-Length: 10\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n");
        assertThat(new String(forbidden.body(), StandardCharsets.US_ASCII)).isEqualTo("forbidden\n");
        assertSdkReadable(forbidden);
        Answer missing = exchange(cSdkGet(url.replace("9.0.0", "9.9.9"), 0), null);
        assertThat(missing.statusLine()).isEqualTo("HTTP/1.1 404 Not Found");
        assertSdkReadable(missing);
    }

    @Test
    void apiAnswersAndErrorsAre200JsonWithContentLength() throws Exception {
        String body = "{\"ProductId\":\"" + PRODUCT + "\",\"DeviceName\":\"bytes-2\"}";
        long ts = System.currentTimeMillis() / 1000;
        String host = "127.0.0.1:" + hub.apiPort();
        String auth = Tc3Signer.authorization(ApiClient.KEY.secretId(), ApiClient.KEY.secretKey(), "iotcloud", ts,
                Tc3Signer.Request.post(host, body.getBytes(StandardCharsets.UTF_8)));
        String request = "POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + Tc3Signer.JSON_CONTENT_TYPE
                + "\r\nX-TC-Action: DescribeDeviceShadow\r\nX-TC-Version: 2021-04-08\r\nX-TC-Timestamp: " + ts
                + "\r\nX-TC-Region: ap-guangzhou\r\nAuthorization: " + auth + "\r\nContent-Length: " + body.length()
                + "\r\n\r\n";
        Answer ok = exchange(request, body.getBytes(StandardCharsets.UTF_8));
        assertThat(ok.head()).matches("HTTP/1\\.1 200 OK\r\nContent-Length: \\d+\r\nContent-Type: "
                + "application/json\r\n\r\n");
        assertThat(new String(ok.body(), StandardCharsets.UTF_8)).startsWith("{\"Response\":{\"Data\":");
        assertSdkReadable(ok);

        Answer refused = exchange(request.replace(auth, auth.replaceAll("Signature=[0-9a-f]{64}",
                "Signature=" + "0".repeat(64))), body.getBytes(StandardCharsets.UTF_8));
        assertThat(refused.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("AuthFailure.SignatureFailure");
        assertSdkReadable(refused);

        Answer nowhere = exchange("GET /nowhere HTTP/1.1\r\nHost: " + host + "\r\n\r\n", null);
        assertThat(nowhere.statusLine()).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(new String(nowhere.body(), StandardCharsets.UTF_8)).contains("\"Code\":\"InvalidAction\"");
        assertSdkReadable(nowhere);
    }

    @Test
    void aBodyDeclaredOverTheLimitIs413UnreadWithTheCloudsErrorShape() throws Exception {
        String host = "127.0.0.1:" + hub.apiPort();
        Answer a = exchange("POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "X-TC-Action: DescribeDevice\r\nContent-Length: 400000000\r\n\r\n", null);
        assertThat(a.head()).matches("HTTP/1\\.1 413 Request Entity Too Large\r\nConnection: close\r\n"
                + "Content-Length: \\d+\r\nContent-Type: application/json\r\n\r\n");
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).matches("\\{\"Response\":\\{\"Error\":\\{\"Code\":"
                + "\"RequestSizeLimitExceeded\",\"Message\":\"The request body is larger than 4096 bytes.\"\\},"
                + "\"RequestId\":\"[0-9a-f-]{36}\"\\}\\}");
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIs413() throws Exception {
        String host = "127.0.0.1:" + hub.apiPort();
        StringBuilder chunks = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            chunks.append("3e8\r\n").append("x".repeat(1000)).append("\r\n");
        }
        Answer a = exchange("POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "X-TC-Action: DescribeDevice\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks, null);
        assertThat(a.statusLine()).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).contains("RequestSizeLimitExceeded");
    }

    @Test
    void theUploadUrlAnswers200WithTheEtagAndRefusesAWrongSize() throws Exception {
        String cos = api.ok("GetCOSURL", new JsonObject().put("ProductId", PRODUCT).put("FirmwareVersion", "9.1.0")
                .put("FileSize", 5)).getString("Url");
        URI u = URI.create(cos);
        String put = "PUT " + u.getRawPath() + "?" + u.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + hub.apiPort() + "\r\nContent-Length: 5\r\n\r\n";
        Answer wrong = exchange(put.replace("Content-Length: 5", "Content-Length: 6"), "hello!".getBytes());
        assertThat(wrong.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        assertSdkReadable(wrong);
        Answer ok = exchange(put, "hello".getBytes());
        assertThat(ok.head()).isEqualTo("HTTP/1.1 200 OK\r\nETag: \"5d41402abc4b2a76b9719d911017c592\"\r\n"
                + "Content-Length: 0\r\n\r\n");
    }
}
