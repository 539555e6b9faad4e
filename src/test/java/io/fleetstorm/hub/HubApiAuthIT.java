package io.fleetstorm.hub;

import static io.fleetstorm.hub.TestDevices.PRODUCT;
import static io.fleetstorm.hub.TestDevices.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.iotcloud.v20210408.IotcloudClient;
import com.tencentcloudapi.iotcloud.v20210408.models.DescribeDeviceShadowRequest;
import io.fleetstorm.protocol.Tc3Signer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub's TC3 verification from the outside (addendum section 17): requests signed by hand with the protocol's
 * rules, each broken in one way, get the cloud's code; and the official SDK's signature of a captured request is the
 * one fleetstorm's signer computes.
 */
class HubApiAuthIT {

    private static final String BODY = "{\"ProductId\":\"" + PRODUCT + "\",\"DeviceName\":\"auth-1\"}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Hub hub;
    private static Hub insecureHub;

    @BeforeAll
    static void startHubs() {
        hub = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED)
                .apiPort(0).apiKeys(List.of(ApiClient.KEY))).product(Product.withSecret(PRODUCT, SECRET))
                .startAndWait();
        insecureHub = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0)
                .tlsPort(HubOptions.DISABLED).apiPort(0).apiKeys(List.of(ApiClient.KEY)).apiInsecure(true))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait();
    }

    @AfterAll
    static void stopHubs() {
        hub.close();
        insecureHub.close();
    }

    /** A request as the SDK sends it, signed over {@code signedBody} at {@code timestamp}, sending {@code body}. */
    private static String send(Hub target, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.apiPort() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("the cloud answers API errors with 200").isEqualTo(200);
        return r.body();
    }

    private static Map<String, String> signed(Hub target, String signedBody, long timestamp, String secretId,
            String secretKey) {
        String host = "127.0.0.1:" + target.apiPort();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", Tc3Signer.JSON_CONTENT_TYPE);
        h.put("X-TC-Action", "DescribeDeviceShadow");
        h.put("X-TC-Version", "2021-04-08");
        h.put("X-TC-Timestamp", Long.toString(timestamp));
        h.put("X-TC-Region", "ap-guangzhou");
        h.put("Authorization", Tc3Signer.authorization(secretId, secretKey, "iotcloud", timestamp,
                Tc3Signer.Request.post(host, signedBody.getBytes(StandardCharsets.UTF_8))));
        return h;
    }

    private static Map<String, String> signed(String signedBody, long timestamp) {
        return signed(hub, signedBody, timestamp, ApiClient.KEY.secretId(), ApiClient.KEY.secretKey());
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String code(String answer) {
        Matcher m = Pattern.compile("\"Code\":\"([^\"]+)\"").matcher(answer);
        return m.find() ? m.group(1) : "(none) " + answer;
    }

    @Test
    void aCorrectlySignedRequestIsAnswered() throws Exception {
        assertThat(send(hub, signed(BODY, now()), BODY)).contains("\"Data\":").doesNotContain("\"Error\"");
    }

    @Test
    void aTamperedBodyIsASignatureFailure() throws Exception {
        String tampered = BODY.replace("auth-1", "auth-2");
        assertThat(code(send(hub, signed(BODY, now()), tampered))).isEqualTo("AuthFailure.SignatureFailure");
    }

    @Test
    void aWrongKeyIsASignatureFailureAndAnUnknownIdIsNotFound() throws Exception {
        assertThat(code(send(hub, signed(hub, BODY, now(), ApiClient.KEY.secretId(), "wrongKey"), BODY)))
                .isEqualTo("AuthFailure.SignatureFailure");
        assertThat(code(send(hub, signed(hub, BODY, now(), "AKIDnobody", ApiClient.KEY.secretKey()), BODY)))
                .isEqualTo("AuthFailure.SecretIdNotFound");
    }

    @Test
    void aSkewedClockOrAReplayOutsideTheWindowIsExpiredAndInsideItIsAccepted() throws Exception {
        assertThat(code(send(hub, signed(BODY, now() - 400), BODY))).isEqualTo("AuthFailure.SignatureExpire");
        assertThat(code(send(hub, signed(BODY, now() + 400), BODY))).isEqualTo("AuthFailure.SignatureExpire");
        // a request captured 290 s ago still counts (the cloud's 300 s window); one captured 310 s ago does not
        assertThat(send(hub, signed(BODY, now() - 290), BODY)).doesNotContain("\"Error\"");
        Map<String, String> captured = signed(BODY, now() - 310);
        assertThat(code(send(hub, captured, BODY))).isEqualTo("AuthFailure.SignatureExpire");
        assertThat(send(hub, signed(BODY, now() - 310), BODY)).contains("is 31").contains("at most 300 s");
    }

    @Test
    void theCheckOrderIsAuthorizationWindowSecretIdSignatureVersionAction() throws Exception {
        Map<String, String> h = signed(hub, BODY, now() - 1000, "AKIDnobody", "x");
        h.put("Authorization", "TC3-HMAC-SHA256 Credential=broken");
        assertThat(code(send(hub, h, BODY))).isEqualTo("AuthFailure.InvalidAuthorization");
        assertThat(code(send(hub, signed(hub, BODY, now() - 1000, "AKIDnobody", "x"), BODY)))
                .isEqualTo("AuthFailure.SignatureExpire");
        Map<String, String> badVersion = signed(BODY, now());
        badVersion.put("X-TC-Version", "2017-03-12");
        assertThat(code(send(hub, badVersion, BODY))).isEqualTo("NoSuchVersion");
        Map<String, String> badAction = signed(BODY, now());
        badAction.put("X-TC-Action", "Frobnicate");
        assertThat(code(send(hub, badAction, BODY))).isEqualTo("InvalidAction");
    }

    @Test
    void aScopeDateThatIsNotTheTimestampsUtcDateIsASignatureFailure() throws Exception {
        long ts = now();
        Map<String, String> h = signed(BODY, ts);
        String otherDate = Tc3Signer.date(ts + 86_400);
        h.put("Authorization", h.get("Authorization").replace(Tc3Signer.date(ts), otherDate));
        assertThat(send(hub, h, BODY)).contains("AuthFailure.SignatureFailure").contains("is not the UTC date");
    }

    @Test
    void signedHeadersMustIncludeContentTypeAndHost() throws Exception {
        Map<String, String> h = signed(BODY, now());
        h.put("Authorization", h.get("Authorization").replace("SignedHeaders=content-type;host",
                "SignedHeaders=host"));
        assertThat(code(send(hub, h, BODY))).isEqualTo("AuthFailure.InvalidAuthorization");
    }

    @Test
    void theUnsignedPayloadOptionIsVerifiedAsTheSdksSendIt() throws Exception {
        long ts = now();
        String host = "127.0.0.1:" + hub.apiPort();
        Map<String, String> h = signed(BODY, ts);
        h.put(Tc3Signer.CONTENT_SHA256_HEADER, Tc3Signer.UNSIGNED_PAYLOAD);
        h.put("Authorization", Tc3Signer.authorization(ApiClient.KEY.secretId(), ApiClient.KEY.secretKey(),
                "iotcloud", ts, new Tc3Signer.Request("POST", "/", "", Map.of("content-type",
                        Tc3Signer.JSON_CONTENT_TYPE, "host", host), Tc3Signer.unsignedPayloadHash())));
        assertThat(send(hub, h, BODY)).doesNotContain("\"Error\"");
    }

    @Test
    void theInsecureSwitchTakesUnsignedCallsButStillChecksSignedOnes() throws Exception {
        Map<String, String> unsigned = new LinkedHashMap<>(signed(insecureHub, BODY, now(),
                ApiClient.KEY.secretId(), ApiClient.KEY.secretKey()));
        unsigned.remove("Authorization");
        assertThat(send(insecureHub, unsigned, BODY)).doesNotContain("\"Error\"");
        assertThat(code(send(insecureHub, signed(insecureHub, BODY, now(), ApiClient.KEY.secretId(), "wrong"),
                BODY))).isEqualTo("AuthFailure.SignatureFailure");
        HttpResponse<String> legacy = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + insecureHub.apiPort() + "/api/DescribeDeviceShadow")).POST(HttpRequest.BodyPublishers.ofString(
                BODY)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(legacy.body()).contains("\"Data\":");
    }

    /**
     * The SDK sends one request to a capture socket (as its HTTP proxy); fleetstorm's signer recomputes the
     * Authorization from the captured headers and body, with the SDK's own service rule (the endpoint's first label).
     */
    @Test
    void theOfficialSdkAndFleetstormsSignerAgree() throws Exception {
        try (ServerSocket capture = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> {
                try (Socket s = capture.accept()) {
                    s.setSoTimeout(10_000);
                    String head = readHead(s.getInputStream());
                    int length = Integer.parseInt(header(head, "content-length"));
                    byte[] body = s.getInputStream().readNBytes(length);
                    String answer = "{\"Response\":{\"Data\":\"{}\",\"RequestId\":\"x\"}}";
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + answer.length() + "\r\nConnection: close\r\n\r\n" + answer)
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return head + "\u0000" + new String(body, StandardCharsets.UTF_8);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            HttpProfile http = new HttpProfile();
            http.setEndpoint("iotcloud.tencentcloudapi.com");
            http.setProtocol(HttpProfile.REQ_HTTP);
            http.setProxyHost("127.0.0.1");
            http.setProxyPort(capture.getLocalPort());
            ClientProfile profile = new ClientProfile();
            profile.setHttpProfile(http);
            IotcloudClient sdk = new IotcloudClient(new Credential("AKIDfleetstormTESTVECTOR0000000001",
                    "fleetstormTestVectorSecretKey001"), "ap-guangzhou", profile);
            DescribeDeviceShadowRequest describe = new DescribeDeviceShadowRequest();
            describe.setProductId("1A17RZR3XX");
            describe.setDeviceName("dev001");
            sdk.DescribeDeviceShadow(describe);
            String captured = request.get(10, TimeUnit.SECONDS);
            String head = captured.substring(0, captured.indexOf('\u0000'));
            String body = captured.substring(captured.indexOf('\u0000') + 1);
            long ts = Long.parseLong(header(head, "x-tc-timestamp"));
            String expected = Tc3Signer.authorization("AKIDfleetstormTESTVECTOR0000000001",
                    "fleetstormTestVectorSecretKey001", "iotcloud", ts, new Tc3Signer.Request("POST", "/", "",
                            Map.of("content-type", header(head, "content-type"), "host", header(head, "host")),
                            Tc3Signer.payloadHash(body.getBytes(StandardCharsets.UTF_8))));
            assertThat(header(head, "authorization")).isEqualTo(expected);
            assertThat(header(head, "x-tc-version")).isEqualTo("2021-04-08");
            assertThat(header(head, "content-type")).isEqualTo(Tc3Signer.JSON_CONTENT_TYPE);
        }
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            String s = head.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s.substring(0, s.length() - 4).replace("\r\n", "\n");
            }
        }
        throw new AssertionError("no request head: " + head);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in " + head);
    }
}
