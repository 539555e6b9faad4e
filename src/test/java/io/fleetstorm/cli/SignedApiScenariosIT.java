package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.cloudapi.ApiCredentials;
import io.fleetstorm.hub.ApiKey;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped scenarios whose application side calls the Cloud API (quickstart, shadow-churn, ota-storm) pass
 * against the embedded hub through the signed API, the default: the hub demands TC3 signatures, and the run and its
 * hub share a generated key. Shortened with {@code --set} (fewer devices, shorter phases) to keep the machine free;
 * every behaviour and every threshold on what the API does (deltas, OTA outcomes, errors) stays; only quickstart's
 * publish latency limits are widened, and a generator that falls behind is accepted, as a short run on a shared
 * CI machine is mostly JVM warm-up. A hub that demands signatures refuses a run's unsigned calls.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SignedApiScenariosIT {

    @TempDir
    Path dir;

    private JsonObject run(String scenario, String... sets) throws Exception {
        Path out = dir.resolve(scenario);
        List<String> args = new java.util.ArrayList<>(List.of("run", "scenarios/" + scenario + ".yaml", "--output",
                out.toString(), "--metrics-port", "-1", "--set", "acceptSaturation=true"));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).doesNotContain("unsigned");
        return new JsonObject(Files.readString(out.resolve("summary.json")));
    }

    private static long count(JsonObject summary, String operation) {
        return summary.getJsonObject("run").getJsonArray("operations").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("operation").equals(operation)).mapToLong(o -> o.getLong("count")).sum();
    }

    private static long apiErrors(JsonObject summary) {
        return summary.getJsonObject("run").getJsonArray("errors").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("kind").equals("api")).mapToLong(o -> o.getLong("count")).sum();
    }

    @Test
    void quickstartPassesThroughTheSignedApi() throws Exception {
        JsonObject s = run("quickstart", "groups[0].count=300", "phases[0].duration=4s", "phases[1].duration=2s",
                "phases[2].duration=5s", "phases[3].duration=10s", "thresholds[1]=publish-ack.p95 < 2s",
                "thresholds[4]=publish-ack.p99{phase:steady} < 2s");
        assertThat(count(s, "api-call")).as("desired changes (2 calls each) and the OTA task's 4 calls")
                .isGreaterThan(50);
        assertThat(count(s, "shadow-delta")).isPositive();
        assertThat(count(s, "ota-done")).isPositive();
        assertThat(apiErrors(s)).isZero();
    }

    @Test
    void shadowChurnPassesThroughTheSignedApi() throws Exception {
        JsonObject s = run("shadow-churn", "groups[0].count=400", "phases[0].duration=4s", "phases[1].duration=8s");
        assertThat(count(s, "shadow-delta")).isPositive();
        assertThat(count(s, "api-call")).isGreaterThanOrEqualTo(2 * count(s, "shadow-delta"));
        assertThat(apiErrors(s)).isZero();
    }

    @Test
    void otaStormPassesThroughTheSignedApi() throws Exception {
        // the whole fleet: which devices fail (2%) is drawn from their names, so the ratio holds for the file's 2,000
        JsonObject s = run("ota-storm", "phases[0].duration=12s", "phases[1].duration=15s",
                "phases[1].cameras.ota.size=64KB");
        assertThat(count(s, "api-call")).as("GetCOSURL, UploadFirmware, BatchUpdateFirmware").isEqualTo(3);
        assertThat(count(s, "ota-done")).as("every target but the 2% told to fail").isEqualTo(395 - 16);
        assertThat(apiErrors(s)).isZero();
    }

    @Test
    void aHubDemandingSignaturesRefusesUnsignedCallsAndTakesSignedOnes() throws Exception {
        ApiCredentials key = ApiCredentials.generate(new SecureRandom());
        key.write(dir.resolve("api.credential"));
        try (Hub hub = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0).tlsPort(-1).apiPort(0)
                .apiKeys(List.of(new ApiKey(key.secretId(), key.secretKey()))))
                .product(new Product("SIGNEDAPI1", "signed-secret", Map.of())).startAndWait()) {
            String scenario = """
                    name: signed
                    target: {host: 127.0.0.1, port: %d, api: "http://127.0.0.1:%d"%s}
                    groups: [{name: g, productId: SIGNEDAPI1, count: 20, credentials: {productSecret: signed-secret}}]
                    phases:
                      - {name: c, duration: 2s, g: {connect: 20/s}}
                      - {name: s, duration: 3s, g: {shadow: {desired: 10/s}}}
                    """;
            Path unsigned = dir.resolve("unsigned.yaml");
            Files.writeString(unsigned, String.format(scenario, hub.mqttPort(), hub.apiPort(), ""));
            CliRunner r = CliRunner.run("run", unsigned.toString(), "--output", dir.resolve("u").toString(),
                    "--metrics-port", "-1");
            assertThat(r.err()).contains("gets unsigned calls");
            JsonObject s = new JsonObject(Files.readString(dir.resolve("u/summary.json")));
            assertThat(s.getJsonObject("run").getJsonArray("errors").stream().map(o -> (JsonObject) o)
                    .filter(o -> o.getString("reason").equals("AuthFailure.InvalidAuthorization"))
                    .mapToLong(o -> o.getLong("count")).sum()).as("every desired change refused").isEqualTo(30);
            assertThat(count(s, "api-call")).isZero();
            assertThat(r.exitCode()).as("the errors fail the default rules").isEqualTo(3);

            Path signed = dir.resolve("signed.yaml");
            Files.writeString(signed, String.format(scenario, hub.mqttPort(), hub.apiPort(),
                    ", apiCredentials: api.credential"));
            CliRunner ok = CliRunner.run("run", signed.toString(), "--output", dir.resolve("s").toString(),
                    "--metrics-port", "-1");
            assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
            JsonObject t = new JsonObject(Files.readString(dir.resolve("s/summary.json")));
            assertThat(count(t, "api-call")).isEqualTo(60);
            assertThat(ok.out() + ok.err()).doesNotContain(key.secretKey());
        }
    }
}
