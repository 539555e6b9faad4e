package io.fleetstorm.cloudapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstorm.hub.ApiKey;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** fleetstorm's own Cloud API client against the embedded hub, and against a server scripted to refuse. */
class CloudApiClientIT {

    private static final ApiCredentials CREDENTIALS = new ApiCredentials("AKIDfleetstormCLIENT00000000000001",
            "clientTestSecretKey0000000000001", null);
    private static Vertx vertx;
    private static Hub hub;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        hub = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED)
                        .apiPort(0).apiKeys(List.of(new ApiKey(CREDENTIALS.secretId(), CREDENTIALS.secretKey()))))
                .product(Product.withSecret("CLIENT0001", "s")).startAndWait();
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static CloudApiClient client(CloudApiOptions options) {
        return new CloudApiClient(vertx, URI.create("http://127.0.0.1:" + hub.apiPort()), options);
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.await(30, TimeUnit.SECONDS);
    }

    @Test
    void aSignedCallIsAnsweredWithItsRequestIdAndLatency() throws Exception {
        ApiResponse r = await(client(new CloudApiOptions().withCredentials(CREDENTIALS)).call("DescribeDevice",
                new JsonObject().put("ProductId", "CLIENT0001").put("DeviceName", "c1")));
        assertThat(r.response().getInteger("Online")).isZero();
        assertThat(r.requestId()).matches("[0-9a-f-]{36}");
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.serviceNanos()).isPositive().isLessThanOrEqualTo(r.totalNanos());
    }

    @Test
    void theCloudsErrorIsAFailureWithCodeMessageAndRequestIdButNoSecret() {
        CloudApiClient wrong = client(new CloudApiOptions().withCredentials(new ApiCredentials(
                CREDENTIALS.secretId(), "someOtherSecretKeyXYZ", "aSessionTokenValue")));
        assertThatThrownBy(() -> await(wrong.call("DescribeDevice", new JsonObject().put("ProductId", "CLIENT0001")
                .put("DeviceName", "c1")))).isInstanceOfSatisfying(ApiFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("AuthFailure.SignatureFailure");
                    assertThat(f.requestId()).matches("[0-9a-f-]{36}");
                    assertThat(f.action()).isEqualTo("DescribeDevice");
                    assertThat(f.getMessage()).startsWith("DescribeDevice: AuthFailure.SignatureFailure: ")
                            .endsWith("(RequestId " + f.requestId() + ")")
                            .doesNotContain("someOtherSecretKeyXYZ", "aSessionTokenValue");
                });
        CloudApiClient unsigned = client(new CloudApiOptions());
        assertThatThrownBy(() -> await(unsigned.call("DescribeDevice", new JsonObject())))
                .isInstanceOfSatisfying(ApiFailure.class, f -> assertThat(f.code())
                        .isEqualTo("AuthFailure.InvalidAuthorization"));
    }

    @Test
    void anUnreachableEndpointIsANetworkFailure() {
        CloudApiClient nowhere = new CloudApiClient(vertx, URI.create("http://127.0.0.1:1"), new CloudApiOptions()
                .withCredentials(CREDENTIALS).withRequestTimeoutMs(2_000));
        assertThatThrownBy(() -> await(nowhere.call("DescribeDevice", new JsonObject())))
                .isInstanceOfSatisfying(ApiFailure.class, f -> assertThat(f.code()).isEqualTo(ApiFailure.NETWORK));
    }

    @Test
    void requestLimitExceededIsRetriedWithBackOffThenSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer limited = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            String answer = calls.incrementAndGet() <= 2
                    ? "{\"Response\":{\"Error\":{\"Code\":\"RequestLimitExceeded\",\"Message\":\"slow down\"},"
                    + "\"RequestId\":\"r" + calls.get() + "\"}}"
                    : "{\"Response\":{\"TaskId\":7,\"RequestId\":\"ok\"}}";
            req.response().putHeader("Content-Length", Integer.toString(answer.length())).end(answer);
        }));
        int port = await(limited.listen(0, "127.0.0.1")).actualPort();
        try {
            CloudApiClient c = new CloudApiClient(vertx, URI.create("http://127.0.0.1:" + port),
                    new CloudApiOptions().withCredentials(CREDENTIALS).withRetries(5, 50, 400));
            long start = System.nanoTime();
            ApiResponse r = await(c.call("PublishBroadcastMessage", new JsonObject()));
            assertThat(r.response().getLong("TaskId")).isEqualTo(7);
            assertThat(r.attempts()).isEqualTo(3);
            // back-offs of 25..50 ms and 50..100 ms (doubling from 50, jitter halves at most)
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(75);

            calls.set(-100); // refuses from now on
            CloudApiClient once = new CloudApiClient(vertx, URI.create("http://127.0.0.1:" + port),
                    new CloudApiOptions().withCredentials(CREDENTIALS).withRetries(1, 10, 10));
            assertThatThrownBy(() -> await(once.call("PublishBroadcastMessage", new JsonObject())))
                    .isInstanceOfSatisfying(ApiFailure.class, f -> {
                        assertThat(f.code()).isEqualTo("RequestLimitExceeded");
                        assertThat(f.attempts()).isEqualTo(2);
                    });
        } finally {
            limited.close();
        }
    }

    @Test
    void callsKeepToTheActionsRate() throws Exception {
        CloudApiClient c = client(new CloudApiOptions().withCredentials(CREDENTIALS)
                .withActionRate("DescribeProducts", 5));
        long start = System.nanoTime();
        List<io.vertx.core.Future<ApiResponse>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(c.call("DescribeProducts", new JsonObject()));
        }
        await(io.vertx.core.Future.all(calls));
        // a burst of 5, then 5 more at 200 ms apart: the last one leaves at >= 1 s
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(950);
    }

    @Test
    void theOtaFlowUploadsTheImageAndCreatesTheTask() throws Exception {
        byte[] image = new byte[200_000];
        new java.util.Random(5).nextBytes(image);
        OtaTaskFlow flow = new OtaTaskFlow(vertx, client(new CloudApiOptions().withCredentials(CREDENTIALS)));
        OtaTaskFlow.Result r = await(flow.create(new OtaTaskFlow.Request("CLIENT0001", "7.0.0", "fw",
                Buffer.buffer(image), List.of("c-ota-1", "c-ota-2"))));
        assertThat(r.md5()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image)));
        JsonObject task = await(client(new CloudApiOptions().withCredentials(CREDENTIALS)).call(
                "DescribeFirmwareTask", new JsonObject().put("TaskId", r.taskId()))).response();
        assertThat(task.getLong("Total")).as("both offline targets count from the start").isEqualTo(2);
        assertThat(task.getJsonObject("StateCounts").getLong("pending")).isEqualTo(2);
        assertThat(r.reused()).isFalse();
        // the version exists now (an earlier run, another agent): no second upload, a second task with the image
        List<String> answered = new java.util.ArrayList<>();
        OtaTaskFlow.Result again = await(flow.create(new OtaTaskFlow.Request("CLIENT0001", "7.0.0", "fw",
                Buffer.buffer(image), List.of("c-ota-1")), a -> answered.add(a.action())));
        assertThat(again.reused()).isTrue();
        assertThat(again.taskId()).isNotEqualTo(r.taskId());
        assertThat(answered).as("GetCOSURL refused the existing version").containsExactly("BatchUpdateFirmware");
        flow.close();
    }

}
