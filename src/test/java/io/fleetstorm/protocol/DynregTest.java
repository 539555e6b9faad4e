package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Dynamic registration: the signature and encryption vectors of addendum section 12. */
class DynregTest {
    private static final String HOST = "ap-guangzhou.gateway.tencentdevices.com";
    private static final String SECRET = "fleetstormProductSecret1";
    private static final byte[] BODY = "{\"ProductId\":\"1A17RZR3XX\",\"DeviceName\":\"dyn-0001\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void hmacSha256HashesTheBodyWithSha256() {
        assertThat(DynregSignature.bodyHash(DynregAlgorithm.HMACSHA256, BODY))
                .isEqualTo("63f6b2b589dbac2694506f67372899240f61ffcad1711d83b694d0d43bdc46aa");
        assertThat(DynregSignature.sign(SECRET, DynregAlgorithm.HMACSHA256, "hmacsha256", HOST,
                DynregSignature.PATH, 1717171717L, 123456789L, BODY))
                .isEqualTo("MVg57qP4vZMO2wATVCGxe+gG9/avUm3rKLwLEQ6s3+g=");
    }

    @Test
    void hmacSha1HashesTheBodyWithSha1AsTheCSdkDoes() {
        assertThat(DynregSignature.bodyHash(DynregAlgorithm.HMACSHA1, BODY))
                .isEqualTo("dcb5a8e21f4db0964da826a2331aa5701d6ddd9e");
        assertThat(DynregSignature.sign(SECRET, DynregAlgorithm.HMACSHA1, "hmacsha1", HOST, DynregSignature.PATH,
                1717171717L, 123456789L, BODY)).isEqualTo("pruF4pQl821cMXiksrxgOPxreIM=");
    }

    @Test
    void theStringToSignHasEightLinesAndNoTrailingNewline() {
        assertThat(DynregSignature.stringToSign(HOST, "/device/register", "hmacsha1", 1L, 2L, "ab"))
                .isEqualTo("POST\n" + HOST + "\n/device/register\n\nhmacsha1\n1\n2\nab");
    }

    @Test
    void verifyChecksEveryInput() {
        String sig = "MVg57qP4vZMO2wATVCGxe+gG9/avUm3rKLwLEQ6s3+g=";
        assertThat(DynregSignature.verify(sig, SECRET, DynregAlgorithm.HMACSHA256, "hmacsha256", HOST,
                DynregSignature.PATH, 1717171717L, 123456789L, BODY)).isTrue();
        assertThat(DynregSignature.verify(sig, SECRET, DynregAlgorithm.HMACSHA256, "HmacSha256", HOST,
                DynregSignature.PATH, 1717171717L, 123456789L, BODY)).isFalse();
        assertThat(DynregSignature.verify(sig, SECRET, DynregAlgorithm.HMACSHA256, "hmacsha256", "127.0.0.1",
                DynregSignature.PATH, 1717171717L, 123456789L, BODY)).isFalse();
        assertThat(DynregSignature.verify(sig, "otherSecretOfLength24xx", DynregAlgorithm.HMACSHA256, "hmacsha256",
                HOST, DynregSignature.PATH, 1717171717L, 123456789L, BODY)).isFalse();
        byte[] tampered = Arrays.copyOf(BODY, BODY.length);
        tampered[tampered.length - 3] = '2';
        assertThat(DynregSignature.verify(sig, SECRET, DynregAlgorithm.HMACSHA256, "hmacsha256", HOST,
                DynregSignature.PATH, 1717171717L, 123456789L, tampered)).isFalse();
    }

    @Test
    void algorithmHeaderIsReadWithoutRegardToCase() {
        assertThat(DynregAlgorithm.parse("HmacSha256")).contains(DynregAlgorithm.HMACSHA256);
        assertThat(DynregAlgorithm.parse("hmacsha1")).contains(DynregAlgorithm.HMACSHA1);
        assertThat(DynregAlgorithm.parse("rsa-sha256")).isEmpty();
        assertThat(DynregAlgorithm.parse(null)).isEmpty();
    }

    @Test
    void theDocumentsSampleDecryptsToItsPsk() {
        String payload = "s6FB3a1BA/YYbcmSE12XpeDVmQNDcf1QgVD141RRbmmAnFwQfp1ECAu5O016mCOvYlJJ6V59yM4OqQSiWphfTg==";
        byte[] raw = DynregCrypto.decryptRaw(payload, "hzvf5LF9S0isvBhDSauWMaIk");
        String text = "{\"encryptionType\":2,\"psk\":\"lDZ6Uqt+I9E0wW7rvDUs7Q==\"}";
        assertThat(raw).hasSize(64);
        assertThat(new String(raw, 0, 53, StandardCharsets.US_ASCII)).isEqualTo(text);
        assertThat(Arrays.copyOfRange(raw, 53, 64)).containsOnly(0);
        assertThat(new String(DynregCrypto.decrypt(payload, "hzvf5LF9S0isvBhDSauWMaIk", 53), StandardCharsets.UTF_8))
                .isEqualTo(text);
    }

    @Test
    void oursEncryptsToTheVector() {
        String text = "{\"encryptionType\":2,\"psk\":\"c2VjcmV0LWtleS0xMjM0NTY3ODkw\"}";
        assertThat(text).hasSize(57);
        assertThat(DynregMessages.pskCredentials("c2VjcmV0LWtleS0xMjM0NTY3ODkw")).isEqualTo(text);
        assertThat(DynregCrypto.encrypt(text.getBytes(StandardCharsets.US_ASCII), SECRET)).isEqualTo(
                "NEY0f1H0WGMFJvIPxZYHPKXdwu93nTwtKZfxIL6KBgZTMcnHrxX/PWmy1jCrOAumTQZecOSSXQfI0D+NelJQFw==");
    }

    @Test
    void anAlignedPlaintextGetsAWholeBlockOfZeros() {
        byte[] plain = new byte[32];
        Arrays.fill(plain, (byte) 'a');
        String payload = DynregCrypto.encrypt(plain, SECRET);
        byte[] raw = DynregCrypto.decryptRaw(payload, SECRET);
        assertThat(raw).hasSize(48);
        assertThat(Arrays.copyOfRange(raw, 32, 48)).containsOnly(0);
        // a NUL-terminated reader (the C SDK ignores Len) stops at the plaintext's end
        assertThat(DynregCrypto.decrypt(payload, SECRET, -1)).isEqualTo(plain);
    }

    @Test
    void shortSecretsAreRefusedWithTheRule() {
        assertThat(DynregCrypto.isUsableSecret("fleet-secret")).isFalse();
        assertThat(DynregCrypto.isUsableSecret(SECRET)).isTrue();
        assertThatThrownBy(() -> DynregCrypto.encrypt(new byte[1], "short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the product secret must have at least 16 ASCII characters: its first 16 are the AES key");
    }

    @Test
    void aDeviceReadsItsCredentialsFromTheAnswer() throws ProtocolException {
        String plain = DynregMessages.pskCredentials("c2VjcmV0LWtleS0xMjM0NTY3ODkw");
        String payload = DynregCrypto.encrypt(plain.getBytes(StandardCharsets.UTF_8), SECRET);
        String json = DynregMessages.success(plain.length(), payload, "r-1", DynregMessages.STATE_CREATED);
        assertThat(json).isEqualTo("{\"Response\":{\"Len\":57,\"Payload\":\"" + payload
                + "\",\"RequestId\":\"r-1\",\"State\":0}}");
        DynregResponse response = DynregResponse.parse(json);
        assertThat(response.ok()).isTrue();
        assertThat(response.state()).isZero();
        DynregCredentials credentials = response.credentials(SECRET);
        assertThat(credentials.psk()).isEqualTo("c2VjcmV0LWtleS0xMjM0NTY3ODkw");
        assertThat(credentials.toString()).doesNotContain("c2Vj");
    }

    @Test
    void certificateCredentialsEscapeNewlines() throws ProtocolException {
        String plain = DynregMessages.certificateCredentials("-----BEGIN\nX\n", "-----KEY\nY\n");
        assertThat(plain).isEqualTo("{\"encryptionType\":1,\"clientCert\":\"-----BEGIN\\nX\\n\","
                + "\"clientKey\":\"-----KEY\\nY\\n\"}");
        DynregCredentials c = DynregCredentials.parse(plain);
        assertThat(c.clientCert()).isEqualTo("-----BEGIN\nX\n");
        assertThat(c.clientKey()).isEqualTo("-----KEY\nY\n");
    }

    @Test
    void errorsParseAsErrors() throws ProtocolException {
        DynregResponse r = DynregResponse.parse(DynregMessages.error(DynregMessages.ERROR_SIGNATURE, "bad", "r-2"));
        assertThat(r.ok()).isFalse();
        assertThat(r.errorCode()).isEqualTo("AuthFailure.SignatureFailure");
        assertThat(r.requestId()).isEqualTo("r-2");
        assertThatThrownBy(() -> r.credentials(SECRET)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void requestsParseAndNameTheWrongField() throws ProtocolException {
        DynregRequest r = DynregRequest.parse(new String(BODY, StandardCharsets.UTF_8));
        assertThat(r.device()).isEqualTo(new DeviceId("1A17RZR3XX", "dyn-0001"));
        assertThat(DynregMessages.request(r.device())).isEqualTo(new String(BODY, StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DynregRequest.parse("{\"ProductId\":\"1A17RZR3XX\"}"))
                .hasMessage("registration request has no \"DeviceName\"");
        assertThatThrownBy(() -> DynregRequest.parse("{\"ProductId\":\"1A-7\",\"DeviceName\":\"d\"}"))
                .hasMessage("registration request \"ProductId\" must match [A-Za-z0-9]{1,32}, but was \"1A-7\"");
    }

    @Test
    void legacySignatureIsBase64OfTheHexHmac() {
        String text = DynregSignature.legacyText("dyn-0001", 7L, "1A17RZR3XX", 1717171717L);
        assertThat(text).isEqualTo("deviceName=dyn-0001&nonce=7&productId=1A17RZR3XX&timestamp=1717171717");
        String sig = DynregSignature.legacySign(SECRET, "dyn-0001", 7L, "1A17RZR3XX", 1717171717L);
        String hex = new String(java.util.Base64.getDecoder().decode(sig), StandardCharsets.US_ASCII);
        assertThat(hex).matches("[0-9a-f]{40}");
        assertThat(hex).isEqualTo(Signer.hex(Signer.hmac(SignMethod.HMACSHA1,
                SECRET.getBytes(StandardCharsets.US_ASCII), text.getBytes(StandardCharsets.US_ASCII))));
    }
}
