package io.fleetstorm.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.tls.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target fields a scenario for the cloud uses: a per-product host, the API's credentials file, the CA that TLS
 * needs; and provisioning's reading of a scenario whose credentials files do not exist yet.
 */
class CloudTargetFieldsTest {

    @TempDir
    Path dir;

    private Path scenario(String target, String credentials) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "name: s\ntarget: " + target + "\ngroups:\n"
                + "  - {name: a, productId: PRODA00001, count: 2, credentials: " + credentials + "}\n"
                + "  - {name: b, productId: PRODB00001, count: 2, credentials: {productSecret: x}}\n"
                + "phases: [{name: p, duration: 1s, a: {idle: {}}}]\n");
        return file;
    }

    private static List<String> problems(Path file) {
        try {
            ScenarioLoader.load(file, Map.of());
            return List.of();
        } catch (ScenarioException e) {
            return e.problems();
        }
    }

    @Test
    void aPerProductHostNamesEachGroupsProduct() throws Exception {
        CertificateAuthority.generate("t").writeTo(dir);
        Scenario s = ScenarioLoader.load(scenario("{host: \"{productId}.iotcloud.tencentdevices.com\", port: 8883, "
                + "tls: true, ca: ca.pem}", "{productSecret: x}"), Map.of());
        assertThat(s.target().perProduct()).isTrue();
        assertThat(s.target().hostFor("PRODA00001")).isEqualTo("PRODA00001.iotcloud.tencentdevices.com");
        assertThat(s.target().hostFor("PRODB00001")).isEqualTo("PRODB00001.iotcloud.tencentdevices.com");
    }

    @Test
    void tlsWithoutACaIsRefusedUnlessInsecure() throws Exception {
        Path file = scenario("{host: h.example, tls: true}", "{productSecret: x}");
        assertThat(problems(file)).containsExactly(file + ":2: target needs ca with tls: true: the CA certificate "
                + "(PEM) that signed the hub's certificate (for the cloud, the CA its device SDKs ship; see "
                + "docs/cloud.md), or insecure: true to skip the check");
        assertThat(problems(scenario("{host: h.example, tls: true, insecure: true}", "{productSecret: x}")))
                .isEmpty();
    }

    @Test
    void anApiCredentialsFileMustExistAndNeedsAnApi() throws Exception {
        Path missing = scenario("{host: h.example, api: \"http://h.example\", apiCredentials: nope.ini}",
                "{productSecret: x}");
        assertThat(problems(missing)).containsExactly(missing + ":2: target.apiCredentials must be a readable "
                + "credentials file, but " + dir.resolve("nope.ini") + " does not exist");
        Files.writeString(dir.resolve("api.ini"), "[default]\nsecret_id = AKIDx\nsecret_key = y\n");
        Path noApi = scenario("{host: h.example, apiCredentials: api.ini}", "{productSecret: x}");
        assertThat(problems(noApi)).containsExactly(noApi + ":2: target.apiCredentials needs api (the API "
                + "endpoint the credentials sign for)");
        Scenario ok = ScenarioLoader.load(scenario("{host: h.example, api: \"http://h.example\", apiCredentials: "
                + "api.ini}", "{productSecret: x}"), Map.of());
        assertThat(ok.target().apiCredentials()).isEqualTo(dir.resolve("api.ini"));
    }

    @Test
    void provisioningReadsAScenarioWhoseCredentialsFilesDoNotExistYet() throws Exception {
        Path file = scenario("{host: h.example, api: \"http://h.example\"}", "{csv: later.csv}");
        assertThat(problems(file)).singleElement().asString().contains("later.csv");
        Scenario s = ScenarioLoader.loadForProvisioning(file, Map.of());
        assertThat(s.groups().get(0).credentials()).isEqualTo(new Credentials.Unloaded(dir.resolve("later.csv"),
                false));
        assertThat(s.groups().get(0).credentials()).hasToString("csv " + dir.resolve("later.csv") + " (not read)");
    }
}
