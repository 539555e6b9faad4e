package io.fleetstorm.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.ConnId;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Expiry;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import io.fleetstorm.protocol.UserName;
import io.fleetstorm.tls.CertifiedKey;
import io.fleetstorm.tls.PemFiles;
import io.fleetstorm.tls.TlsMaterial;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Dynamic registration (addendum section 12) as the C and Java SDKs send it, over raw sockets and java.net.http,
 * with the signature, body hash, encryption and answers computed here from the addendum with plain JCA; the
 * decrypted credentials are then used to connect.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubRegistrationIT {

    private static final String SECRET = "fleetstormProductSecret1";
    private static final String AUTO = "DYNAUTO001";
    private static final String PRE = "DYNPRE0001";
    private static final String OFF = "DYNOFF0001";
    private static final String CERTS = "DYNCERT001";
    private static final String SHORT = "DYNSHORT01";
    private static final String C_HOST = "ap-guangzhou.gateway.tencentdevices.com";
    private static Hub hub;
    private static ApiClient api;

    @BeforeAll
    static void startHub() {
        hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(0).apiPort(0)
                        .apiKeys(java.util.List.of(ApiClient.KEY))
                        .limits(HubLimits.CLOUD.withConnectIntervalMs(0)))
                .product(Product.withSecret(AUTO, SECRET).withRegistration(
                        new DynamicRegistration(DynamicRegistration.Type.AUTO_CREATE, 3)))
                .product(Product.of(PRE).withSecret(SECRET).withRegistration(
                        new DynamicRegistration(DynamicRegistration.Type.PRE_CREATED, 100)))
                .device(Device.withPsk(new DeviceId(PRE, "made-before"), "bXlkZXZpY2Vwc2s="))
                .product(Product.withSecret(OFF, SECRET))
                .product(Product.withSecret(CERTS, SECRET).withAuthMode(AuthMode.CERTIFICATE).withRegistration(
                        new DynamicRegistration(DynamicRegistration.Type.AUTO_CREATE, 10)))
                .product(Product.withSecret(SHORT, "fleet-secret"))
                .startAndWait();
        api = new ApiClient(hub);
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    /** The C SDK's request: hmacsha1 over a SHA-1 body hash, the constant timestamp, its header spellings. */
    private static String cRequest(String productId, String deviceName, String secret, long nonce) {
        String body = "{\"ProductId\":\"" + productId + "\",\"DeviceName\":\"" + deviceName + "\"}";
        String toSign = "POST\n" + C_HOST + "\n/device/register\n\nhmacsha1\n1609430400\n" + nonce + "\n"
                + hex("SHA-1", body);
        return "POST /device/register HTTP/1.1\r\n"
                + "Host: " + C_HOST + "\r\n"
                + "Accept: application/json;*/*\r\n"
                + "X-TC-Algorithm: hmacsha1\r\n"
                + "X-TC-Timestamp: 1609430400\r\n"
                + "X-TC-Nonce: " + nonce + "\r\n"
                + "X-TC-Signature: " + hmacBase64("HmacSHA1", secret, toSign) + "\r\n"
                + "Content-Length: " + body.length() + "\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "\r\n" + body;
    }

    /** Writes the request on a raw socket and reads until the hub closes the connection (as the C SDK waits). */
    private static String exchange(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", hub.apiPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            int n;
            while ((n = in.read(buf)) >= 0) { // a read timeout fails the test: the hub must close
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static JsonObject body(String raw) {
        return new JsonObject(raw.substring(raw.indexOf("\r\n\r\n") + 4));
    }

    /** AES-128-CBC, key = first 16 characters of the secret, IV = sixteen '0', zero padding cut at the first NUL. */
    private static String decrypt(String payload, String secret) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(secret.substring(0, 16).getBytes(StandardCharsets.US_ASCII),
                "AES"), new IvParameterSpec("0000000000000000".getBytes(StandardCharsets.US_ASCII)));
        byte[] plain = cipher.doFinal(Base64.getDecoder().decode(payload));
        int end = 0;
        while (end < plain.length && plain[end] != 0) {
            end++;
        }
        assertThat(end).as("a NUL ends the plaintext").isLessThan(plain.length);
        return new String(plain, 0, end, StandardCharsets.UTF_8);
    }

    @Test
    void theCSdksRequestCreatesTheDeviceAndItsPskConnects() throws Exception {
        String raw = exchange(cRequest(AUTO, "c-dev-1", SECRET, 1804289383L));
        String head = raw.substring(0, raw.indexOf("\r\n\r\n") + 4);
        String body = raw.substring(head.length());
        assertThat(head).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: " + body.length()
                + "\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
        assertThat(body.length()).as("the C SDK keeps 256 bytes, NUL included").isLessThanOrEqualTo(254);
        JsonObject response = new JsonObject(body).getJsonObject("Response");
        assertThat(response.fieldNames()).containsExactly("Len", "Payload", "RequestId", "State");
        assertThat(response.getInteger("State")).isZero();
        assertThat(response.getString("RequestId")).matches("[0-9a-f-]{36}");
        String plain = decrypt(response.getString("Payload"), SECRET);
        assertThat(response.getInteger("Len")).isEqualTo(plain.length());
        JsonObject credentials = new JsonObject(plain);
        assertThat(credentials.getInteger("encryptionType")).isEqualTo(2);
        String psk = credentials.getString("psk");
        assertThat(Base64.getDecoder().decode(psk)).hasSize(16);

        assertThat(connectWithPsk(new DeviceId(AUTO, "c-dev-1"), psk)).isZero();

        // again: the same PSK, State 1
        JsonObject again = body(exchange(cRequest(AUTO, "c-dev-1", SECRET, 7L))).getJsonObject("Response");
        assertThat(again.getInteger("State")).isEqualTo(1);
        assertThat(new JsonObject(decrypt(again.getString("Payload"), SECRET)).getString("psk")).isEqualTo(psk);
        assertThat(hub.featureStats().registrations("created")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theJavaSdksRequestWithSha256AndAnyKeyOrder() throws Exception {
        String body = "{\"DeviceName\":\"java-dev-1\",\"ProductId\":\"" + AUTO + "\"}";
        long nonce = 2_000_000_001L;
        long timestamp = System.currentTimeMillis() / 1000;
        String toSign = "POST\n127.0.0.1\n/device/register\n\nhmacsha256\n" + timestamp + "\n" + nonce + "\n"
                + hex("SHA-256", body);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hub.apiPort() + "/device/register"))
                .version(HttpClient.Version.HTTP_1_1) // the Java SDK uses HttpURLConnection
                .header("Content-Type", "application/json;charset=UTF-8").header("Accept", "application/json")
                .header("X-TC-Algorithm", "hmacsha256").header("X-TC-Timestamp", Long.toString(timestamp))
                .header("X-TC-Nonce", Long.toString(nonce))
                .header("X-TC-Signature", hmacBase64("HmacSHA256", SECRET, toSign))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(java.time.Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject answer = new JsonObject(response.body()).getJsonObject("Response");
        assertThat(answer.getInteger("State")).isZero();
        // Java decrypts with NoPadding and keeps the first Len bytes
        byte[] all = rawDecrypt(answer.getString("Payload"), SECRET);
        String plain = new String(Arrays.copyOf(all, answer.getInteger("Len")), StandardCharsets.UTF_8);
        assertThat(connectWithPsk(new DeviceId(AUTO, "java-dev-1"), new JsonObject(plain).getString("psk"))).isZero();
    }

    @Test
    void refusalsNameTheCloudsErrorCodes() throws Exception {
        assertThat(error(exchange(cRequest(AUTO, "bad-sig", "wrongSecretOfLength24xx", 1))))
                .isEqualTo("AuthFailure.SignatureFailure");
        assertThat(error(exchange(cRequest("NOSUCHPROD", "x", SECRET, 1))))
                .isEqualTo("ResourceNotFound.ProductNotExist");
        assertThat(error(exchange(cRequest(OFF, "x", SECRET, 1)))).isEqualTo("UnauthorizedOperation.PermissionDenied");
        assertThat(error(exchange(cRequest(PRE, "never-made", SECRET, 1))))
                .isEqualTo("ResourceNotFound.DeviceNotExist");
        assertThat(error(exchange(cRequest(AUTO, "bad name!", SECRET, 1)))).isEqualTo("InvalidParameterValue");
        String tampered = cRequest(AUTO, "tampered", SECRET, 1).replace("\"tampered\"", "\"tampereD\"");
        assertThat(error(exchange(tampered))).isEqualTo("AuthFailure.SignatureFailure");
        String unknownAlgorithm = cRequest(AUTO, "algo", SECRET, 1).replace("X-TC-Algorithm: hmacsha1",
                "X-TC-Algorithm: md5");
        assertThat(error(exchange(unknownAlgorithm))).isEqualTo("AuthFailure.SignatureFailure");
        String big = "POST /device/register HTTP/1.1\r\nHost: h\r\nContent-Length: 20000\r\n\r\n";
        assertThat(error(exchange(big))).isEqualTo("InvalidParameterValue");
    }

    @Test
    void aPreCreatedDeviceGetsItsPskWithState1() throws Exception {
        JsonObject answer = body(exchange(cRequest(PRE, "made-before", SECRET, 3))).getJsonObject("Response");
        assertThat(answer.getInteger("State")).isEqualTo(1);
        assertThat(new JsonObject(decrypt(answer.getString("Payload"), SECRET)).getString("psk"))
                .isEqualTo("bXlkZXZpY2Vwc2s=");
    }

    @Test
    void theRegisterLimitCountsDistinctDevices() throws Exception {
        String product = "DYNLIMIT01";
        JsonObject set = api.ok("CreateProduct", new JsonObject().put("ProductName", "limit").put("ProductId",
                product));
        assertThat(set.getString("ProductId")).isEqualTo(product);
        JsonObject updated = api.ok("UpdateProductDynamicRegister", new JsonObject().put("ProductId", product)
                .put("RegisterType", 2).put("RegisterLimit", 2));
        String secret = updated.getString("ProductSecret");
        assertThat(secret).hasSize(24);
        assertThat(updated.getInteger("RegisterType")).isEqualTo(2);
        assertThat(updated.getInteger("RegisterLimit")).isEqualTo(2);
        assertThat(body(exchange(cRequest(product, "l-1", secret, 1))).getJsonObject("Response")
                .containsKey("Payload")).isTrue();
        assertThat(body(exchange(cRequest(product, "l-2", secret, 1))).getJsonObject("Response")
                .containsKey("Payload")).isTrue();
        assertThat(error(exchange(cRequest(product, "l-3", secret, 1)))).isEqualTo("LimitExceeded.DeviceExceedLimit");
        assertThat(body(exchange(cRequest(product, "l-1", secret, 2))).getJsonObject("Response")
                .getInteger("State")).isEqualTo(1);
    }

    @Test
    void updateProductDynamicRegisterChecksItsParameters() {
        assertThat(apiError(new JsonObject().put("ProductId", AUTO).put("RegisterType", 3).put("RegisterLimit", 1)))
                .isEqualTo("InvalidParameterValue: The value of parameter `RegisterType` must be 0, 1 or 2, "
                        + "but was 3.");
        assertThat(apiError(new JsonObject().put("ProductId", SHORT).put("RegisterType", 2).put("RegisterLimit", 1)))
                .startsWith("InvalidParameterValue: The ProductSecret of `DYNSHORT01` has 12 characters");
        assertThat(apiError(new JsonObject().put("ProductId", AUTO).put("RegisterType", "2")
                .put("RegisterLimit", 1))).startsWith("InvalidParameter: The parameter `RegisterType`");
        JsonObject same = api.ok("UpdateProductDynamicRegister", new JsonObject().put("ProductId", OFF)
                .put("RegisterType", 0).put("RegisterLimit", 0));
        assertThat(same.getString("ProductSecret")).isEqualTo(SECRET);
    }

    @Test
    void aCertificateProductIssuesACertificateThatConnectsWithMutualTls() throws Exception {
        JsonObject answer = body(exchange(certRequest("cert-dev-1"))).getJsonObject("Response");
        assertThat(answer.getInteger("State")).isZero();
        JsonObject credentials = new JsonObject(decrypt(answer.getString("Payload"), SECRET));
        assertThat(credentials.getInteger("encryptionType")).isEqualTo(1);
        CertifiedKey key = new CertifiedKey(
                PemFiles.readCertificates(credentials.getString("clientCert"), "clientCert").get(0),
                PemFiles.readPrivateKey(credentials.getString("clientKey"), "clientKey"));
        DeviceId id = new DeviceId(CERTS, "cert-dev-1");
        MqttAsyncClient client = TestDevices.client("ssl://127.0.0.1:" + hub.tlsPort(), id.clientId());
        try {
            MqttConnectOptions options = TestDevices.options(userName(id), null);
            options.setSocketFactory(TlsMaterial.clientContext(key, List.of(hub.certificateAuthority().certificate()))
                    .getSocketFactory());
            options.setHttpsHostnameVerificationEnabled(false);
            assertThat(TestDevices.connect(client, options)).isZero();
        } finally {
            TestDevices.closeQuietly(client);
        }
        JsonObject again = body(exchange(certRequest("cert-dev-1"))).getJsonObject("Response");
        assertThat(again.getInteger("State")).isEqualTo(1);
        assertThat(new JsonObject(decrypt(again.getString("Payload"), SECRET)).getString("clientCert"))
                .isEqualTo(credentials.getString("clientCert"));
    }

    @Test
    void theLegacyProtocolStillAnswers() throws Exception {
        String toSign = "deviceName=legacy-1&nonce=5&productId=" + AUTO + "&timestamp=1609430400";
        String signature = Base64.getEncoder().encodeToString(HexFormat.of().formatHex(
                mac("HmacSHA1", SECRET, toSign)).getBytes(StandardCharsets.US_ASCII));
        String body = "{\"deviceName\":\"legacy-1\",\"nonce\":5,\"productId\":\"" + AUTO
                + "\",\"timestamp\":1609430400,\"signature\":\"" + signature + "\"}";
        String raw = exchange("POST /register/dev HTTP/1.1\r\nHost: gateway.tencentdevices.com\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body);
        JsonObject answer = body(raw);
        assertThat(answer.getInteger("code")).isZero();
        assertThat(new JsonObject(decrypt(answer.getString("payload"), SECRET)).getString("psk")).isNotEmpty();
        String badBody = body.replace(signature, "AAAA");
        String bad = exchange("POST /register/dev HTTP/1.1\r\nHost: h\r\nContent-Length: " + badBody.length()
                + "\r\n\r\n" + badBody);
        assertThat(body(bad).getInteger("code")).isEqualTo(1010);
        assertThat(body(bad).getString("message")).isEqualTo("Check signature failed");
    }

    private static String certRequest(String deviceName) {
        return cRequest(CERTS, deviceName, SECRET, 11);
    }

    private static String error(String raw) {
        assertThat(raw).startsWith("HTTP/1.1 200 OK\r\n");
        JsonObject response = body(raw).getJsonObject("Response");
        assertThat(response.containsKey("Payload")).isFalse();
        return response.getJsonObject("Error").getString("Code");
    }

    private static String apiError(JsonObject params) {
        JsonObject error = new JsonObject(api.raw("UpdateProductDynamicRegister", params.encode()))
                .getJsonObject("Response").getJsonObject("Error");
        return error.getString("Code") + ": " + error.getString("Message");
    }

    private static int connectWithPsk(DeviceId id, String psk) {
        String userName = userName(id);
        MqttAsyncClient client = TestDevices.client(hub, id);
        try {
            return TestDevices.connect(client, TestDevices.options(userName,
                    Signer.password(SignMethod.HMACSHA256, Base64.getDecoder().decode(psk), userName)));
        } finally {
            TestDevices.closeQuietly(client);
        }
    }

    private static String userName(DeviceId id) {
        return new UserName(id.clientId(), SdkAppId.C_SDK, ConnId.random(new Random()),
                Expiry.seconds(System.currentTimeMillis() / 1000 + 3600)).encode();
    }

    private static byte[] rawDecrypt(String payload, String secret) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(secret.substring(0, 16).getBytes(StandardCharsets.US_ASCII),
                "AES"), new IvParameterSpec("0000000000000000".getBytes(StandardCharsets.US_ASCII)));
        return cipher.doFinal(Base64.getDecoder().decode(payload));
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] mac(String algorithm, String key, String text) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), algorithm));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hmacBase64(String algorithm, String key, String text) {
        return Base64.getEncoder().encodeToString(mac(algorithm, key, text));
    }

}
