package io.fleetstorm.hub;

import io.fleetstorm.protocol.Tc3Signer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Calls the hub's application API as an application would, with java.net.http: {@code POST /} with X-TC-Action,
 * signed with TC3-HMAC-SHA256 by the hub's first key (test hubs get {@link #KEY}).
 */
final class ApiClient {

    /** The key pair test hubs accept. */
    static final ApiKey KEY = new ApiKey("AKIDfleetstormTEST00000000000000001", "fleetstormTestSecretKey000000001");

    private static final Pattern REQUEST_ID = Pattern.compile(
            "\"RequestId\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String host;
    private final ApiKey key;

    ApiClient(Hub hub) {
        this.host = "127.0.0.1:" + hub.apiPort();
        this.base = "http://" + host;
        this.key = hub.apiKeys().isEmpty() ? KEY : hub.apiKeys().get(0);
    }

    /** The raw answer; the status must be 200, as the cloud answers errors too. */
    String raw(String action, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = System.currentTimeMillis() / 1000;
        String authorization = Tc3Signer.authorization(key.secretId(), key.secretKey(), "iotcloud", timestamp,
                Tc3Signer.Request.post(host, bytes));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", Tc3Signer.JSON_CONTENT_TYPE).header("X-TC-Action", action)
                .header("X-TC-Version", "2021-04-08").header("X-TC-Timestamp", Long.toString(timestamp))
                .header("X-TC-Region", "ap-guangzhou").header("Authorization", authorization));
        if (response.statusCode() != 200) {
            throw new AssertionError(action + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The answer with its random RequestId replaced by {@code "RequestId":"*"}, for exact comparisons. */
    String call(String action, String body) {
        String raw = raw(action, body);
        if (!REQUEST_ID.matcher(raw).find()) {
            throw new AssertionError("no RequestId in " + raw);
        }
        return REQUEST_ID.matcher(raw).replaceAll("\"RequestId\":\"*\"");
    }

    /** The Response object of a successful call; fails the test on an error answer. */
    JsonObject ok(String action, JsonObject params) {
        JsonObject response = new JsonObject(raw(action, params.encode())).getJsonObject("Response");
        if (response.containsKey("Error")) {
            throw new AssertionError(action + " failed: " + response.encode());
        }
        return response;
    }

    HttpResponse<byte[]> get(String url, String range) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (range != null) {
            b.header("Range", range);
        }
        try {
            return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("API call failed: " + e, e);
        }
    }
}
