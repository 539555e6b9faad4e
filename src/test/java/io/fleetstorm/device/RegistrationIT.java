package io.fleetstorm.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A device's dynamic registration against a plain HTTP server on loopback that records the request and answers with
 * the addendum's own vector (section 12: secret {@code fleetstormProductSecret1}, payload {@code NEY0f1H0...} holding
 * the PSK {@code c2VjcmV0LWtleS0xMjM0NTY3ODkw}). The request is checked against the addendum's rules, not the code:
 * the C SDK's headers, constant timestamp and HMAC-SHA1 over a SHA-1 body hash; the Java SDK's HMAC-SHA256.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegistrationIT {

    private static final String SECRET = "fleetstormProductSecret1";
    private static final String ANSWER = "{\"Response\":{\"Len\":57,\"Payload\":\"NEY0f1H0WGMFJvIPxZYHPKXdwu93nTwt"
            + "KZfxIL6KBgZTMcnHrxX/PWmy1jCrOAumTQZecOSSXQfI0D+NelJQFw==\",\"RequestId\":\"r-1\",\"State\":0}}";
    private static final DeviceProfile.Backoff BACKOFF = new DeviceProfile.Backoff(1_000, 2_000, 60_000, 60_000);

    /** One request as the server received it. */
    private record Request(String method, String path, MultiMap headers, String body) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> registered = new ConcurrentHashMap<>();
    private Vertx vertx;
    private HttpServer server;
    private volatile String answer = ANSWER;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            requests.add(new Request(req.method().name(), req.path(), MultiMap.caseInsensitiveMultiMap()
                    .addAll(req.headers()), b.toString(StandardCharsets.UTF_8)));
            req.response().putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                    .end(answer);
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private VirtualDevice device(FakeDeviceHost host, DeviceProfile.Dialect dialect) {
        host.http = vertx.createHttpClient();
        DeviceProfile profile = new DeviceProfile(0, "1A17RZR3XX", SignMethod.HMACSHA256, SdkAppId.C_SDK,
                DeviceProfile.ExpiryStyle.C_SDK_NEVER, 0, 240, true, List.of(), false, false,
                DeviceProfile.ShadowVersion.NONE, DeviceProfile.Timeouts.SDK_DEFAULTS, 10, BACKOFF, dialect, false);
        return new VirtualDevice(host, profile, new DeviceId("1A17RZR3XX", "dyn-0001"), null, null);
    }

    private Registration.Target target() {
        return new Registration.Target(URI.create("http://127.0.0.1:" + server.actualPort() + "/device/register"),
                SECRET);
    }

    private void register(FakeDeviceHost host, VirtualDevice d) throws InterruptedException {
        Registration.register(d, target(), host.nanoTime(), (id, psk) -> registered.put(id.deviceName(), psk));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (requests.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        while (registered.isEmpty() && host.errors().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private static String hmac(String algorithm, String text) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.US_ASCII), algorithm));
        return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String hash(String algorithm, String body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(body.getBytes(
                StandardCharsets.UTF_8)));
    }

    @Test
    void aCDeviceSendsTheCSdksRequestAndTakesThePskOfTheAnswer() throws Exception {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = device(host, DeviceProfile.Dialect.C_SDK);
        register(host, d);

        assertThat(requests).hasSize(1);
        Request r = requests.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/device/register");
        assertThat(r.body()).isEqualTo("{\"ProductId\":\"1A17RZR3XX\",\"DeviceName\":\"dyn-0001\"}");
        assertThat(r.headers().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(r.headers().get("Accept")).isEqualTo("application/json;*/*");
        assertThat(r.headers().get("X-TC-Algorithm")).isEqualTo("hmacsha1");
        assertThat(r.headers().get("X-TC-Timestamp")).as("C SDK 3.3's constant").isEqualTo("1609430400");
        String nonce = r.headers().get("X-TC-Nonce");
        assertThat(nonce).matches("[1-9][0-9]{0,9}");
        // addendum 12: POST, host without port, path, empty query, algorithm, timestamp, nonce, SHA-1 of the body
        String text = "POST\n127.0.0.1\n/device/register\n\nhmacsha1\n1609430400\n" + nonce + "\n"
                + hash("SHA-1", r.body());
        assertThat(r.headers().get("X-TC-Signature")).isEqualTo(hmac("HmacSHA1", text));

        assertThat(registered.get("dyn-0001")).as("the vector's PSK, decrypted")
                .isEqualTo("secret-key-1234567890".getBytes(StandardCharsets.US_ASCII));
        assertThat(host.latencies()).containsKey("register");
        assertThat(host.errors()).isEmpty();
        d.connect(host.nanoTime());
        assertThat(d.state()).as("it now has a PSK to sign with").isEqualTo(VirtualDevice.State.CONNECTING);
    }

    @Test
    void aJavaDeviceSignsWithHmacSha256OverTheSha256OfItsBodyAndTheTime() throws Exception {
        FakeDeviceHost host = new FakeDeviceHost();
        register(host, device(host, DeviceProfile.Dialect.JAVA_SDK));
        Request r = requests.get(0);
        assertThat(r.headers().get("Content-Type")).isEqualTo("application/json;charset=UTF-8");
        assertThat(r.headers().get("Accept")).isEqualTo("application/json");
        assertThat(r.headers().get("X-TC-Algorithm")).isEqualTo("hmacsha256");
        String timestamp = r.headers().get("X-TC-Timestamp");
        assertThat(Long.parseLong(timestamp)).isEqualTo(host.epochMillis() / 1000);
        String text = "POST\n127.0.0.1\n/device/register\n\nhmacsha256\n" + timestamp + "\n"
                + r.headers().get("X-TC-Nonce") + "\n" + hash("SHA-256", r.body());
        assertThat(r.headers().get("X-TC-Signature")).isEqualTo(hmac("HmacSHA256", text));
        assertThat(registered).containsKey("dyn-0001");
    }

    @Test
    void anErrorAnswerIsCountedByItsCodeAndGivesNoPsk() throws Exception {
        answer = "{\"Response\":{\"Error\":{\"Code\":\"LimitExceeded.DeviceExceedLimit\",\"Message\":\"full\"},"
                + "\"RequestId\":\"r-2\"}}";
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = device(host, DeviceProfile.Dialect.C_SDK);
        register(host, d);
        assertThat(host.errors()).containsExactlyEntriesOf(Map.of("register/LimitExceeded.DeviceExceedLimit", 1L));
        assertThat(registered).isEmpty();
        d.connect(host.nanoTime());
        assertThat(d.state()).isEqualTo(VirtualDevice.State.IDLE);
    }
}
