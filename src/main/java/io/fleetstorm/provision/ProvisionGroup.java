package io.fleetstorm.provision;

import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.scenario.Credentials;
import io.fleetstorm.scenario.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One group of a scenario as provisioning sees it: which devices of which product to create, and where their
 * credentials go. A {@code productSecret} group's devices are created with the PSK fleetstorm derives from it
 * ({@code DefinedPsk}), so the scenario runs unchanged against the cloud; a {@code csv} group's devices get the
 * PSKs the API issues, written to the CSV; a {@code certDir} group's devices get the certificate and key the API
 * issues, written to the directory.
 *
 * @param output where the credentials go
 */
public record ProvisionGroup(String name, String productId, boolean certificate, int count,
        IntFunction<String> names, Output output) {

    /** Where a group's credentials go. */
    public sealed interface Output {
    }

    /** PSKs derived from the scenario's product secret, sent as {@code DefinedPsk}; nothing is written. */
    public record Derived(String productSecret) implements Output {
        @Override
        public String toString() {
            return "productSecret (not shown)";
        }
    }

    /** PSKs issued by the API, written as {@code deviceName,devicePsk} rows. */
    public record Csv(Path file) implements Output {
    }

    /** Certificates and keys issued by the API, written as {@code NAME.pem} and {@code NAME.key}. */
    public record CertDir(Path dir) implements Output {
    }

    /** The scenario's groups, as {@link io.fleetstorm.scenario.ScenarioLoader#loadForProvisioning} read them. */
    public static List<ProvisionGroup> of(Scenario scenario) {
        List<ProvisionGroup> out = new ArrayList<>();
        for (Scenario.Group g : scenario.groups()) {
            Output output;
            if (g.credentials() instanceof Credentials.ProductSecret secret) {
                output = new Derived(secret.secret());
            } else if (g.credentials() instanceof Credentials.Unloaded unloaded) {
                output = unloaded.certificate() ? new CertDir(unloaded.source()) : new Csv(unloaded.source());
            } else if (g.credentials() instanceof Credentials.PskTable table) {
                output = new Csv(table.source());
            } else if (g.credentials() instanceof Credentials.CertDir dir) {
                output = new CertDir(dir.dir());
            } else {
                throw new IllegalArgumentException("group " + g.name() + ": credentials " + g.credentials()
                        + " cannot be provisioned");
            }
            out.add(new ProvisionGroup(g.name(), g.productId(), g.certificate(), g.count(), g::deviceName, output));
        }
        return List.copyOf(out);
    }

    /** Device i's name, for i in [0, count). */
    public String deviceName(int i) {
        return names.apply(i);
    }

    /** Every device name of the group, in order. */
    public List<String> deviceNames() {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(deviceName(i));
        }
        return names;
    }

    /** The PSK a derived group's device is created with (base64), or null for other groups. */
    public String definedPsk(String deviceName) {
        return output instanceof Derived d ? DerivedPsk.derive(d.productSecret(), productId, deviceName) : null;
    }
}
