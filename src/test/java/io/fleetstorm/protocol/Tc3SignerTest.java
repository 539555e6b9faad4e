package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TC3-HMAC-SHA256 against the vector of addendum section 17, every intermediate step, and Tencent's own example. */
class Tc3SignerTest {

    private static final JsonObject VECTOR = load();
    private static final JsonObject IN = VECTOR.getJsonObject("inputs");
    private static final JsonObject MID = VECTOR.getJsonObject("intermediate");

    private static JsonObject load() {
        try (InputStream in = Tc3SignerTest.class.getResourceAsStream("/vectors/tc3-signature.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Tc3Signer.Request request() {
        return Tc3Signer.Request.post(IN.getString("host"), IN.getString("payload").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyIntermediateOfTheVector() {
        long ts = IN.getLong("timestamp");
        Tc3Signer.Request request = request();
        assertThat(request.payloadHash()).isEqualTo(MID.getString("hashedRequestPayload"));
        assertThat(request.canonicalHeaders()).isEqualTo(MID.getString("canonicalHeaders"));
        assertThat(request.signedHeaders()).isEqualTo(MID.getString("signedHeaders"));
        assertThat(request.canonicalRequest()).isEqualTo(MID.getString("canonicalRequest"));
        assertThat(Tc3Signer.sha256Hex(request.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(MID.getString("hashedCanonicalRequest"));
        assertThat(Tc3Signer.date(ts)).isEqualTo(MID.getString("date"));
        String scope = Tc3Signer.credentialScope(Tc3Signer.date(ts), IN.getString("service"));
        assertThat(scope).isEqualTo(MID.getString("credentialScope"));
        String toSign = Tc3Signer.stringToSign(ts, scope, request.canonicalRequest());
        assertThat(toSign).isEqualTo(MID.getString("stringToSign"));
        String key = IN.getString("secretKey");
        byte[] kDate = Tc3Signer.hmac(("TC3" + key).getBytes(StandardCharsets.UTF_8), MID.getString("date"));
        assertThat(HexFormat.of().formatHex(kDate)).isEqualTo(MID.getString("secretDate_hex"));
        assertThat(HexFormat.of().formatHex(Tc3Signer.hmac(kDate, "iotcloud")))
                .isEqualTo(MID.getString("secretService_hex"));
        byte[] kSigning = Tc3Signer.signingKey(key, MID.getString("date"), "iotcloud");
        assertThat(HexFormat.of().formatHex(kSigning)).isEqualTo(MID.getString("secretSigning_hex"));
        assertThat(Tc3Signer.signature(kSigning, toSign)).isEqualTo(VECTOR.getString("signature"));
    }

    @Test
    void theAuthorizationHeaderOfTheVector() {
        assertThat(Tc3Signer.authorization(IN.getString("secretId"), IN.getString("secretKey"), "iotcloud",
                IN.getLong("timestamp"), request())).isEqualTo(VECTOR.getString("authorization"));
    }

    @Test
    void theDateIsUtcEvenWhereTheLocalDateIsAlreadyTomorrow() {
        // 2024-05-31T16:08:37Z is 2024-06-01 in UTC+8, where the cloud's users mostly are
        assertThat(Tc3Signer.date(1_717_171_717L)).isEqualTo("2024-05-31");
        assertThat(Tc3Signer.date(1_717_199_999L)).isEqualTo("2024-05-31");
        assertThat(Tc3Signer.date(1_717_200_000L)).isEqualTo("2024-06-01");
    }

    @Test
    void tencentsPublishedCvmExample() {
        String body = "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], "
                + "\"Name\": \"instance-name\"}]}";
        Tc3Signer.Request request = Tc3Signer.Request.post("cvm.tencentcloudapi.com",
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(request.payloadHash())
                .isEqualTo("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
        assertThat(Tc3Signer.sha256Hex(request.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
        assertThat(Tc3Signer.sign("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm", 1_551_113_065L, request))
                .isEqualTo("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    }

    @Test
    void unsignedPayloadHashesTheMarkerString() {
        assertThat(Tc3Signer.unsignedPayloadHash()).isEqualTo(Tc3Signer.sha256Hex(
                "UNSIGNED-PAYLOAD".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void signedHeaderNamesAreSortedAndValuesTrimmedAndLowerCased() {
        Tc3Signer.Request r = new Tc3Signer.Request("POST", "/", "", Map.of("Host", " Example.COM:8880 ",
                "X-TC-Action", "DescribeDevice", "Content-Type", Tc3Signer.JSON_CONTENT_TYPE), "h");
        assertThat(r.signedHeaders()).isEqualTo("content-type;host;x-tc-action");
        assertThat(r.canonicalHeaders()).isEqualTo("content-type:application/json; charset=utf-8\n"
                + "host:example.com:8880\nx-tc-action:describedevice\n");
    }

    @Test
    void authorizationRoundTrips() throws ProtocolException {
        Tc3Authorization a = Tc3Authorization.parse(VECTOR.getString("authorization"));
        assertThat(a).isEqualTo(new Tc3Authorization("AKIDfleetstormTESTVECTOR0000000001", "2024-05-31", "iotcloud",
                List.of("content-type", "host"), VECTOR.getString("signature")));
        assertThat(a.header()).isEqualTo(VECTOR.getString("authorization"));
        assertThat(a.toString()).doesNotContain(VECTOR.getString("signature"));
    }

    @Test
    void malformedAuthorizationsAreRefusedWithTheRule() {
        String sig = "0".repeat(64);
        assertThatThrownBy(() -> Tc3Authorization.parse(null)).hasMessage("the Authorization header is missing");
        assertThatThrownBy(() -> Tc3Authorization.parse("Basic abc"))
                .hasMessage("the Authorization header must start with TC3-HMAC-SHA256");
        assertThatThrownBy(() -> Tc3Authorization.parse("TC3-HMAC-SHA256 Credential=AKID/2024-5-31/iotcloud/"
                + "tc3_request, SignedHeaders=host, Signature=" + sig)).hasMessageStartingWith(
                "the Authorization header must be TC3-HMAC-SHA256 Credential=<SecretId>/<yyyy-MM-dd>/");
        assertThatThrownBy(() -> Tc3Authorization.parse("TC3-HMAC-SHA256 Credential=AKID/2024-05-31/iotcloud/"
                + "tc3_request, SignedHeaders=host;, Signature=" + sig)).hasMessage("SignedHeaders has an empty name");
        assertThatThrownBy(() -> Tc3Authorization.parse("TC3-HMAC-SHA256 " + "x".repeat(5000)))
                .hasMessage("the Authorization header is longer than 2048 characters");
    }
}
