package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstorm.hub.AuthMode;
import io.fleetstorm.protocol.Access;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's provisioning file: what it accepts and the exact errors for what it does not. */
class ProvisioningFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void productsDevicesCustomTopicsAndConsoleCsvExportsAreRead() throws IOException {
        write("devices.csv", "deviceName,devicePsk\nsensor-1,c2VjcmV0LWtleS0xMjM0NTY3ODkw\nsensor-2,YWJj\n");
        Path file = write("hub.yaml", """
                products:
                  - productId: 1A17RZR3XX
                    productSecret: fleet-secret
                    customTopics: {telemetry: both, cmd: subscribe}
                    devicesCsv: devices.csv
                    devices:
                      - {name: dev001, psk: c2VjcmV0LWtleS0xMjM0NTY3ODkw}
                      - {name: off-1, psk: YWJj, enabled: false}
                """);
        ProvisioningFile.Contents c = ProvisioningFile.read(file);
        assertThat(c.products()).singleElement().satisfies(p -> {
            assertThat(p.productSecret()).isEqualTo("fleet-secret");
            assertThat(p.customTopics()).containsEntry("telemetry", Access.BOTH).containsEntry("cmd", Access.SUBSCRIBE);
        });
        assertThat(c.devices()).extracting(d -> d.id().deviceName()).containsExactly("dev001", "off-1", "sensor-1",
                "sensor-2");
        assertThat(c.devices()).allMatch(d -> d.authMode() == AuthMode.KEY);
        assertThat(c.devices().get(1).enabled()).isFalse();
    }

    @Test
    void everyProblemIsReportedAtOnceWithLineAndFieldAndNoSecret() throws IOException {
        Path file = write("bad.yaml", """
                products:
                  - productId: bad id!
                  - productId: 1A17RZR3XX
                    customTopics: {telemetry: sometimes}
                    devices:
                      - {name: dev001, psk: 'not-base64!!'}
                      - {name: 'bad name', psk: YWJj}
                      - {name: both, psk: YWJj, certificate: c.pem}
                      - {name: x, psk: YWJj, enabled: maybe}
                      - {name: cam, certificate: missing.pem}
                """);
        assertThatThrownBy(() -> ProvisioningFile.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + " has 7 error(s):\n"
                        + "  " + file + ":2: products[0].productId must match [A-Za-z0-9]{1,32}, but was 'bad id!'\n"
                        + "  " + file + ":4: products[1].customTopics.telemetry must be publish, subscribe or both, "
                        + "but was 'sometimes'\n"
                        + "  " + file + ":6: products[1].devices[0].psk must be base64 (value not shown)\n"
                        + "  " + file + ":7: products[1].devices[1].name must match [A-Za-z0-9:_-]{1,48}, "
                        + "but was 'bad name'\n"
                        + "  " + file + ":8: products[1].devices[2] needs exactly one of psk or certificate\n"
                        + "  " + file + ":9: products[1].devices[3].enabled must be true or false, but was 'maybe'\n"
                        + "  " + file + ":10: products[1].devices[4].certificate cannot be used: "
                        + dir.resolve("missing.pem") + ": cannot read file (NoSuchFileException)");
    }

    @Test
    void aFileThatIsNotAMappingIsRejected() throws IOException {
        Path file = write("list.yaml", "- a\n- b\n");
        assertThatThrownBy(() -> ProvisioningFile.read(file))
                .hasMessage(file + " has 1 error(s):\n  " + file + ":1: the file must be a mapping with a 'products' list");
    }

    @Test
    void aMissingFileIsOneLine() {
        Path file = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ProvisioningFile.read(file))
                .hasMessage(file + ": cannot read file (NoSuchFileException)");
    }

    @Test
    void gatewayAuthModeAndDynamicRegistrationFieldsAreRead() throws IOException {
        Path file = write("features.yaml", """
                products:
                  - productId: GW00000001
                    subProducts: [SUB0000001, SUB0000002]
                  - productId: SUB0000001
                    productSecret: fleetstormProductSecret1
                    authMode: certificate
                    dynamicRegistration: {type: 2, limit: 5000}
                """);
        ProvisioningFile.Contents c = ProvisioningFile.read(file);
        assertThat(c.products().get(0).gateway()).isTrue();
        assertThat(c.products().get(0).subProducts()).containsExactlyInAnyOrder("SUB0000001", "SUB0000002");
        assertThat(c.products().get(1).gateway()).isFalse();
        assertThat(c.products().get(1).authMode()).isEqualTo(AuthMode.CERTIFICATE);
        assertThat(c.products().get(1).registration()).isEqualTo(new io.fleetstorm.hub.DynamicRegistration(
                io.fleetstorm.hub.DynamicRegistration.Type.AUTO_CREATE, 5000));
    }

    @Test
    void badFeatureFieldsAreReportedWithLineAndRule() throws IOException {
        Path file = write("bad-features.yaml", """
                products:
                  - productId: GW00000001
                    subProducts: [GW00000001, 'no way']
                    authMode: token
                    dynamicRegistration: {type: 3, limit: 1}
                  - productId: GW00000002
                    subProducts: SUB0000001
                    dynamicRegistration: {type: 1}
                """);
        assertThatThrownBy(() -> ProvisioningFile.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessage(file + " has 6 error(s):\n"
                        + "  " + file + ":3: products[0].subProducts must list other product ids matching "
                        + "[A-Za-z0-9]{1,32}, but was 'GW00000001'\n"
                        + "  " + file + ":3: products[0].subProducts must list other product ids matching "
                        + "[A-Za-z0-9]{1,32}, but was 'no way'\n"
                        + "  " + file + ":4: products[0].authMode must be key or certificate, but was 'token'\n"
                        + "  " + file + ":5: products[0].dynamicRegistration RegisterType must be 0, 1 or 2, "
                        + "but was 3\n"
                        + "  " + file + ":7: products[1].subProducts must be a list of product ids\n"
                        + "  " + file + ":8: products[1].dynamicRegistration needs a type (0, 1 or 2) and a limit "
                        + "(a number)");
    }
}
