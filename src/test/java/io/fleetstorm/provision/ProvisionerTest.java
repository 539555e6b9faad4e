package io.fleetstorm.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.PskCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provisioning's decisions against an in-memory cloud: what is created, what is only used, what deprovision may
 * delete, and how a manifest torn by a kill is read.
 */
class ProvisionerTest {

    @TempDir
    Path dir;
    private final FakeCloud cloud = new FakeCloud();

    private ProvisionGroup csvGroup(String product, int count) {
        return new ProvisionGroup("g", product, false, count, i -> "d" + i, new ProvisionGroup.Csv(dir.resolve(
                "g.csv")));
    }

    private Manifest manifest() throws Exception {
        return Manifest.open(dir.resolve("m.jsonl"));
    }

    @Test
    void theCloudNamesANewProductItselfSoProvisionRecordsItAndSaysWhichIdToPutInTheScenario() throws Exception {
        cloud.takesProductIds = false;
        try (Manifest m = manifest()) {
            assertThatThrownBy(() -> new Provisioner(cloud, m, false, Provisioner.Progress.NONE)
                    .run(List.of(csvGroup("WANTED0001", 3))))
                    .isInstanceOf(ProvisionException.class)
                    .hasMessageContaining("the cloud named it CLOUD00001. Set productId: CLOUD00001 for group g");
            assertThat(m.state("CLOUD00001").createdByProvision()).isTrue();
            new Deprovisioner(cloud, m, Provisioner.Progress.NONE).run(List.of());
        }
        assertThat(cloud.productTypes).as("deprovision deletes the product it created").isEmpty();
        assertThat(cloud.calls).doesNotContain("CreateDevice d0");
    }

    @Test
    void aDeviceSomeoneElseCreatesMeanwhileIsUsedNeverDeleted() throws Exception {
        cloud.product("PROD000001", false);
        cloud.beforeCreate = () -> cloud.devices.get("PROD000001").putIfAbsent("d2",
                new FakeCloud.Dev(FakeCloud.b64("someone-elses-psk"), false));
        ProvisionCounts counts;
        try (Manifest m = manifest()) {
            counts = new Provisioner(cloud, m, true, Provisioner.Progress.NONE).run(List.of(csvGroup("PROD000001",
                    4)));
            assertThat(m.state("PROD000001").owned()).containsExactlyInAnyOrder("d0", "d1", "d3");
            cloud.beforeCreate = () -> { };
            new Deprovisioner(cloud, m, Provisioner.Progress.NONE).run(List.of(csvGroup("PROD000001", 4)));
        }
        assertThat(counts.done()).isEqualTo(3);
        assertThat(counts.existedBefore()).isEqualTo(1);
        assertThat(counts.failedTotal()).isZero();
        assertThat(cloud.devices.get("PROD000001")).containsOnlyKeys("d2");
        assertThat(PskCsv.read(dir.resolve("g.csv"))).as("its row stays: the device stays").containsOnlyKeys("d2");
    }

    @Test
    void aDerivedGroupSendsItsPskAndRefusesADeviceThatHasAnotherOne() throws Exception {
        cloud.product("PROD000002", false);
        cloud.devices.get("PROD000002").put("v1", new FakeCloud.Dev(FakeCloud.b64("not-the-derived-one"), false));
        ProvisionGroup derived = new ProvisionGroup("v", "PROD000002", false, 3, i -> "v" + i,
                new ProvisionGroup.Derived("secret"));
        ProvisionCounts counts;
        try (Manifest m = manifest()) {
            counts = new Provisioner(cloud, m, true, Provisioner.Progress.NONE).run(List.of(derived));
        }
        assertThat(cloud.devices.get("PROD000002").get("v0").psk()).isEqualTo(DerivedPsk.derive("secret",
                "PROD000002", "v0"));
        assertThat(counts.failures()).containsExactlyEntriesOf(java.util.Map.of("existing_device_with_another_psk",
                1L));
    }

    @Test
    void aRunKilledWhileCreatingIsResumedFromWhatTheCloudHas() throws Exception {
        cloud.product("PROD000003", false);
        try (Manifest m = manifest()) {
            m.existing("PROD000003", List.of());
            m.creating("PROD000003", List.of("d0", "d1", "d2")); // the kill came before "created" was written
        }
        cloud.devices.get("PROD000003").put("d0", new FakeCloud.Dev(FakeCloud.b64("psk-0"), false));
        cloud.devices.get("PROD000003").put("d1", new FakeCloud.Dev(FakeCloud.b64("psk-1"), false));
        Files.writeString(dir.resolve("m.jsonl"), Files.readString(dir.resolve("m.jsonl")) + "{\"type\":\"crea");
        ProvisionCounts counts;
        try (Manifest m = manifest()) {
            counts = new Provisioner(cloud, m, true, Provisioner.Progress.NONE).run(List.of(csvGroup("PROD000003",
                    4)));
            assertThat(m.ignoredLines()).as("the torn last line is dropped, not an error").isZero();
        }
        assertThat(counts.recovered()).isEqualTo(2);
        assertThat(counts.done()).as("d2 was never created, d3 never announced").isEqualTo(2);
        assertThat(cloud.calls.stream().filter(c -> c.startsWith("CreateDevice"))).containsExactlyInAnyOrder(
                "CreateDevice d2", "CreateDevice d3");
        assertThat(PskCsv.read(dir.resolve("g.csv")).get("d1").pskBase64()).isEqualTo(FakeCloud.b64("psk-1"));
        try (Manifest m = manifest()) {
            assertThat(m.state("PROD000003").owned()).containsExactlyInAnyOrder("d0", "d1", "d2", "d3");
        }
    }

    @Test
    void aPskTheApiAnswersThatIsNotBase64IsAFailureNotACorruptCsv() throws Exception {
        cloud.product("PROD000004", false);
        cloud.devices.get("PROD000004").put("d0", new FakeCloud.Dev("not base64!", false));
        ProvisionCounts counts;
        try (Manifest m = manifest()) {
            m.existing("PROD000004", List.of("d0"));
            counts = new Provisioner(cloud, m, true, Provisioner.Progress.NONE).run(List.of(csvGroup("PROD000004",
                    2)));
        }
        assertThat(counts.failures()).containsOnlyKeys("bad_psk_in_answer");
        assertThat(PskCsv.read(dir.resolve("g.csv"))).containsOnlyKeys("d1");
    }
}
