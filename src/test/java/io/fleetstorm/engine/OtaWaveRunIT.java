package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.device.DeviceSelection;
import io.fleetstorm.device.OtaBehaviour;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.fleetstorm.hub.RecordingHubEvents;
import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.ResultSection;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An OTA wave: task through the API, version reports, Range downloads with MD5, progress, done and fail. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OtaWaveRunIT {

    private static final String PRODUCT = "OTAWAVE001";
    private static final String SECRET = "s3cret";

    @Test
    void theTargetedShareDownloadsBurnsAndReportsDoneOrFailAsConfigured() throws Exception {
        RecordingHubEvents events = new RecordingHubEvents();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
        try (Hub hub = Hub.builder()
                .options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(HubOptions.DISABLED).apiPort(0)
                        .apiInsecure(true)
                        .events(events))
                .product(Product.withSecret(PRODUCT, SECRET)).startAndWait()) {
            int devices = 40;
            DeviceProfile profile = new DeviceProfile(0, PRODUCT, SignMethod.HMACSHA256, SdkAppId.C_SDK,
                    DeviceProfile.ExpiryStyle.C_SDK_NEVER, 0, 240, true,
                    List.of(DeviceProfile.Subscription.OTA_UPDATE), false, false, DeviceProfile.ShadowVersion.NONE,
                    5_000, 10, new DeviceProfile.Backoff(1_000, 2_000, 60_000, 60_000));
            GroupPlan group = GroupPlan.keyDevices("cams", profile, devices, i -> new DeviceId(PRODUCT, "c-" + i),
                    i -> Signer.decodePsk(DerivedPsk.derive(SECRET, PRODUCT, "c-" + i)));
            OtaBehaviour behaviour = new OtaBehaviour("1.0.0", 0, 1_000, 200, 0.25);
            LoadPlan plan = new LoadPlan("ota", List.of(group), List.of(
                    new PhasePlan("connect", 0, 1_000_000_000L,
                            List.of(new Activity.ConnectRamp(0, IntendedTimes.even(200)))),
                    new PhasePlan("ota", 1_000_000_000L, 4_000_000_000L, List.of(
                            new Activity.OtaWave(0, 0.5, "2.0.0", 64 * 1024, true, behaviour)))),
                    new InetSocketAddress("127.0.0.1", hub.mqttPort()), List.of(), 2_000_000_000L, null,
                    URI.create("http://127.0.0.1:" + hub.apiPort()));

            MetricsRegistry registry = Recorders.registry(1);
            IntervalCollector collector = new IntervalCollector(registry);
            List<LoopRecorder> recorders = List.of(registry.newLoopRecorder(), registry.newLoopRecorder());
            RunController.Outcome outcome = new RunController(vertx, plan, 2, NanoClock.SYSTEM)
                    .start(recorders::get, RunListener.NONE).await(30, TimeUnit.SECONDS);
            assertThat(outcome).isEqualTo(RunController.Outcome.COMPLETED);
            ResultSection run = collector.finish(false, null).run();

            List<String> targeted = IntStream.range(0, devices).mapToObj(i -> "c-" + i)
                    .filter(n -> DeviceSelection.unitHash(n) < 0.5).toList();
            long failing = targeted.stream().filter(n -> DeviceSelection.unitHash(n + "/2.0.0") < 0.25).count();
            JsonObject task = describeTask(hub);
            assertThat(task.getInteger("Total")).isEqualTo(targeted.size());
            // the summary's funnel: the exact devices the task named, of the devices the run simulated
            assertThat(run.counter(Counter.OTA_TARGETED)).isEqualTo(targeted.size());
            assertThat(run.counter(Counter.DEVICES_PLANNED)).isEqualTo(devices);
            assertThat(run.counter(Counter.OTA_SUCCEEDED)).isEqualTo(targeted.size() - failing);
            assertThat(task.getInteger("FailureTotal")).isEqualTo((int) failing);
            assertThat(task.getInteger("SuccessTotal")).isEqualTo(targeted.size() - (int) failing);
            assertThat(events.published(p -> p.topic().startsWith("$ota/report/")
                    && p.payloadUtf8().startsWith("{\"type\": \"report_version\""))).hasSize(devices);
            assertThat(events.published(p -> p.payloadUtf8().contains("\"state\":\"burning\"")))
                    .hasSize(targeted.size());
            assertThat(events.published(p -> p.payloadUtf8().contains("\"state\":\"fail\"")))
                    .hasSize((int) failing)
                    .allSatisfy(p -> assertThat(p.payloadUtf8()).contains("\"result_code\":\"-5\""));
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static JsonObject describeTask(Hub hub) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hub.apiPort() + "/api/DescribeFirmwareTask"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"TaskId\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new JsonObject(response.body()).getJsonObject("Response");
    }
}
