package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SignerTest {
    private static final byte[] KEY = Signer.decodePsk("c2VjcmV0LWtleS0xMjM0NTY3ODkw");
    private static final String USER = "1A17RZR3XXdev001;12010126;ABCDE;1700000000";
    private static final String PASSWORD_256 =
            "1fde9ccfafee6ac2ca5c01456bd6f1b2da8fc13828ce05af9cdee9bc3f67c1e5;hmacsha256";
    private static final String PASSWORD_1 = "44e1da2b9b3cc306cdc69fec54b38be9c0987e01;hmacsha1";

    static Stream<JsonObject> vectors() throws IOException {
        try (InputStream in = SignerTest.class.getResourceAsStream("/vectors/signatures.json")) {
            JsonObject file = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return file.getJsonArray("vectors").stream().map(JsonObject.class::cast);
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void reproducesEveryVector(JsonObject v) throws ProtocolException {
        DeviceId device = new DeviceId(v.getString("productId"), v.getString("deviceName"));
        SignMethod method = SignMethod.fromWireName(v.getString("method")).orElseThrow();
        byte[] key = Signer.decodePsk(v.getString("devicePsk"));
        UserName userName = UserName.of(device, v.getString("connid"), Expiry.parse(v.getValue("expiry").toString()));

        assertThat(device.clientId()).isEqualTo(v.getString("clientId"));
        assertThat(userName.encode()).isEqualTo(v.getString("username"));
        assertThat(Signer.password(method, key, userName.encode())).isEqualTo(v.getString("password"));
        assertThat(Signer.verify(v.getString("password"), key, v.getString("username"))).isTrue();
    }

    @Test
    void tokenIsTheLowerCaseHexPartOfThePassword() {
        assertThat(Signer.token(SignMethod.HMACSHA1, KEY, USER)).isEqualTo(PASSWORD_1.split(";")[0]);
    }

    @Test
    void wrongKeyFails() {
        assertThat(Signer.verify(PASSWORD_256, Signer.decodePsk("bXlkZXZpY2Vwc2s="), USER)).isFalse();
    }

    @Test
    void otherUserNameFails() {
        assertThat(Signer.verify(PASSWORD_256, KEY, USER.replace("ABCDE", "ABCDF"))).isFalse();
    }

    @Test
    void flippedCharacterInTokenFails() {
        String flipped = (PASSWORD_256.charAt(0) == '1' ? '2' : '1') + PASSWORD_256.substring(1);
        assertThat(Signer.verify(flipped, KEY, USER)).isFalse();
    }

    @Test
    void upperCaseTokenFails() {
        assertThat(Signer.verify(PASSWORD_256.split(";")[0].toUpperCase() + ";hmacsha256", KEY, USER)).isFalse();
    }

    @Test
    void unknownMethodFails() {
        assertThat(Signer.verify(PASSWORD_256.replace("hmacsha256", "hmacmd5"), KEY, USER)).isFalse();
        assertThat(Signer.verify(PASSWORD_256.replace("hmacsha256", "HMACSHA256"), KEY, USER)).isFalse();
    }

    @Test
    void missingSeparatorFails() {
        assertThat(Signer.verify(PASSWORD_256.replace(";", ""), KEY, USER)).isFalse();
        assertThat(Signer.verify(PASSWORD_256.split(";")[0], KEY, USER)).isFalse();
    }

    @Test
    void sha1TokenLabelledSha256Fails() {
        assertThat(Signer.verify(PASSWORD_1.replace("hmacsha1", "hmacsha256"), KEY, USER)).isFalse();
    }

    @Test
    void emptyOrMissingInputFails() {
        assertThat(Signer.verify("", KEY, USER)).isFalse();
        assertThat(Signer.verify(null, KEY, USER)).isFalse();
        assertThat(Signer.verify(PASSWORD_256, new byte[0], USER)).isFalse();
        assertThat(Signer.verify(PASSWORD_256, KEY, null)).isFalse();
    }

    @Test
    void badBase64PskIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> Signer.decodePsk("not*base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("devicePsk is not valid base64");
    }

    @Test
    void signMethodNames() {
        assertThat(SignMethod.HMACSHA256.wireName()).isEqualTo("hmacsha256");
        assertThat(SignMethod.HMACSHA1.wireName()).isEqualTo("hmacsha1");
        assertThat(SignMethod.HMACSHA256.jcaName()).isEqualTo("HmacSHA256");
        assertThat(SignMethod.HMACSHA1.jcaName()).isEqualTo("HmacSHA1");
        assertThat(SignMethod.fromWireName("hmacsha1")).contains(SignMethod.HMACSHA1);
        assertThat(SignMethod.fromWireName("sha1")).isEmpty();
        assertThat(SignMethod.fromWireName(null)).isEmpty();
    }

    @Test
    void signsConcurrentlyWithPerThreadMacs() throws Exception {
        Thread[] threads = new Thread[4];
        boolean[] ok = new boolean[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int i = t;
            threads[t] = new Thread(() -> {
                boolean all = true;
                for (int n = 0; n < 2000; n++) {
                    all &= Signer.password(SignMethod.HMACSHA256, KEY, USER).equals(PASSWORD_256);
                    all &= Signer.password(SignMethod.HMACSHA1, KEY, USER).equals(PASSWORD_1);
                }
                ok[i] = all;
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(ok).containsOnly(true);
    }
}
