package io.fleetstorm.cloudapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where credentials come from, what is refused with which words, and that a secret is never in any of those words. */
class ApiCredentialsTest {

    private static final String KEY = "s3cr3tKeyValue0123456789abcdefgh";

    @Test
    void theEnvironmentGivesBothOrNeither() throws CredentialsException {
        assertThat(ApiCredentials.fromEnvironment(Map.of())).isEmpty();
        ApiCredentials c = ApiCredentials.fromEnvironment(Map.of("TENCENTCLOUD_SECRET_ID", "AKIDabc",
                "TENCENTCLOUD_SECRET_KEY", KEY, "TENCENTCLOUD_SESSION_TOKEN", "tok")).orElseThrow();
        assertThat(c).isEqualTo(new ApiCredentials("AKIDabc", KEY, "tok"));
        assertThatThrownBy(() -> ApiCredentials.fromEnvironment(Map.of("TENCENTCLOUD_SECRET_KEY", KEY)))
                .hasMessage("TENCENTCLOUD_SECRET_ID is not set, but TENCENTCLOUD_SECRET_KEY is: set both or neither");
        assertThatThrownBy(() -> ApiCredentials.fromEnvironment(Map.of("TENCENTCLOUD_SECRET_ID", "AKID",
                "TENCENTCLOUD_SECRET_KEY", "bad key " + KEY))).hasMessage("the environment's API credentials: "
                + "SecretKey must be printable ASCII without spaces, but has a bad character at position 4")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    }

    @Test
    void theSdksIniAndTheClisJsonAreRead(@TempDir Path dir) throws Exception {
        Path ini = dir.resolve("credentials");
        Files.writeString(ini, "# comment\n[other]\nsecret_id = NOT\n[default]\nsecret_id = AKIDini\n"
                + "secret_key = " + KEY + "\n");
        assertThat(ApiCredentials.load(ini)).isEqualTo(new ApiCredentials("AKIDini", KEY, null));
        Path json = dir.resolve("default.credential");
        Files.writeString(json, "{\"secretId\": \"AKIDjson\", \"secretKey\": \"" + KEY + "\", \"token\": \"\"}");
        assertThat(ApiCredentials.load(json)).isEqualTo(new ApiCredentials("AKIDjson", KEY, null));
    }

    @Test
    void badFilesAreNamedWithTheRuleAndNeverTheValue(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ApiCredentials.load(missing)).hasMessage(missing + ": no such file");
        Path noKey = dir.resolve("a");
        Files.writeString(noKey, "[default]\nsecret_id = AKID\n");
        assertThatThrownBy(() -> ApiCredentials.load(noKey)).hasMessageStartingWith(noKey
                + ": no secret_key in the [default] section; expected the SDKs' ini");
        Path garbage = dir.resolve("b");
        Files.writeString(garbage, "[default]\nsecret_key " + KEY + "\n");
        assertThatThrownBy(() -> ApiCredentials.load(garbage)).hasMessage(garbage
                + ":2: expected key = value or [section]");
        Path twice = dir.resolve("c");
        Files.writeString(twice, "[default]\nsecret_key = " + KEY + "\nsecret_key = " + KEY + "\n");
        assertThatThrownBy(() -> ApiCredentials.load(twice)).hasMessage(twice + ":3: secret_key is given twice");
        Path binary = dir.resolve("d");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertThatThrownBy(() -> ApiCredentials.load(binary)).hasMessage(binary + ": not UTF-8 text");
        Path huge = dir.resolve("e");
        Files.write(huge, new byte[100_000]);
        assertThatThrownBy(() -> ApiCredentials.load(huge)).hasMessage(huge
                + ": a credentials file must be at most 65536 bytes, but has 100000");
        Path badJson = dir.resolve("f");
        Files.writeString(badJson, "{\"secretId\": 5, \"secretKey\": \"" + KEY + "\"}");
        assertThatThrownBy(() -> ApiCredentials.load(badJson)).hasMessage(badJson + ": secretId must be a string");
    }

    @Test
    void aGeneratedPairIsWrittenForItsOwnerOnlyAndReadsBack(@TempDir Path dir) throws Exception {
        ApiCredentials generated = ApiCredentials.generate(new SecureRandom());
        assertThat(generated.secretId()).matches("AKIDfleetstorm[A-Za-z0-9]{22}");
        assertThat(generated.secretKey()).matches("[A-Za-z0-9]{32}");
        Path file = dir.resolve("sub/hub.credential");
        generated.write(file);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(ApiCredentials.load(file)).isEqualTo(generated);
        generated.write(file); // replaced, not appended
        assertThat(Files.readString(file, StandardCharsets.UTF_8).split("secret_key").length).isEqualTo(2);
    }

    @Test
    void noStringFormOfCredentialsOrOptionsShowsTheKeyOrToken() {
        ApiCredentials c = new ApiCredentials("AKIDabc", KEY, "sessionTokenValue");
        assertThat(c.toString()).isEqualTo("ApiCredentials[secretId=AKIDabc, secretKey=***, token=***]");
        assertThat(new CloudApiOptions().withCredentials(c).toString()).doesNotContain(KEY, "sessionTokenValue")
                .contains("AKIDabc");
        assertThat(c.secrets()).containsExactly(KEY, "sessionTokenValue");
    }

    @Test
    void secretIdsThatWouldBreakTheAuthorizationHeaderAreRefused() {
        assertThatThrownBy(() -> new ApiCredentials("AKID/x", KEY, null)).hasMessage("SecretId must be printable "
                + "ASCII without spaces, '/' or ',', but has a bad character at position 5");
        assertThatThrownBy(() -> new ApiCredentials("", KEY, null)).hasMessage("SecretId must not be empty");
        assertThatThrownBy(() -> new ApiCredentials("AKID", "k".repeat(200), null))
                .hasMessage("SecretKey must be at most 128 characters, but has 200");
    }
}
