package io.fleetstorm.cli;

import io.fleetstorm.cloudapi.ApiCredentials;
import io.fleetstorm.hub.ApiKey;
import io.fleetstorm.hub.Device;
import io.fleetstorm.hub.DynamicRegistration;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubBuilder;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.scenario.Credentials;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.tls.PemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The embedded hub a scenario without a target runs against, provisioned with the scenario's devices. */
final class EmbeddedTarget {

    private EmbeddedTarget() {
    }

    static Hub start(Scenario scenario) throws IOException, PemException {
        boolean tls = scenario.target().tls() || scenario.groups().stream().anyMatch(Scenario.Group::certificate);
        Map<String, String> secrets = new LinkedHashMap<>();
        for (Scenario.Group g : scenario.groups()) {
            String secret = g.credentials() instanceof Credentials.ProductSecret p ? p.secret()
                    : g.credentials() instanceof Credentials.Registered r ? r.productSecret() : "";
            secrets.merge(g.productId(), secret, (a, b) -> a.isEmpty() ? b : a);
        }
        HubBuilder builder = Hub.builder().options(new HubOptions().host("127.0.0.1").mqttPort(0)
                .tlsPort(tls ? 0 : HubOptions.DISABLED).apiPort(0).apiKeys(List.of(apiKey(System.getenv())))
                .faults(scenario.hubFaults()));
        secrets.forEach((pid, secret) -> builder.product(sdkFeatures(scenario, new Product(pid,
                secret.isEmpty() ? null : secret, Map.of()))));
        for (Scenario.Group g : scenario.groups()) {
            if (g.credentials() instanceof Credentials.PskTable table) {
                // every row of the file, as the console's export provisions them, not only the group's devices
                table.psks().forEach((name, psk) -> builder.device(Device.withPsk(new DeviceId(g.productId(), name),
                        Base64.getEncoder().encodeToString(psk))));
            } else if (g.certificate()) {
                for (int i = 0; i < g.count(); i++) {
                    String name = g.deviceName(i);
                    builder.device(Device.withCertificate(new DeviceId(g.productId(), name),
                            g.credentials().certifiedKey(name).certificate()));
                }
            }
        }
        return builder.startAndWait();
    }

    /**
     * The product as the scenario's groups use it: a gateway product of the sub-devices' products its groups carry;
     * open to dynamic registration (devices created on their first registration) when a group registers, up to its
     * devices.
     */
    private static Product sdkFeatures(Scenario scenario, Product product) {
        Set<String> subProducts = new TreeSet<>();
        long registering = 0;
        for (Scenario.Group g : scenario.groups()) {
            Scenario.Group gateways = scenario.gatewayOf(g);
            if (gateways != null && gateways.productId().equals(product.productId())) {
                subProducts.add(g.productId());
            }
            if (g.productId().equals(product.productId()) && g.credentials() instanceof Credentials.Registered) {
                registering += g.count();
            }
        }
        Product out = subProducts.isEmpty() ? product : product.asGatewayOf(subProducts);
        return registering == 0 ? out : out.withRegistration(new DynamicRegistration(
                DynamicRegistration.Type.AUTO_CREATE, Math.min(registering, DynamicRegistration.MAX_LIMIT)));
    }

    /**
     * The key pair the embedded hub and its run share: the vendor's environment variables when set (so a run's API
     * calls look like they would against the cloud), else one generated for this run and kept in memory only.
     */
    static ApiKey apiKey(Map<String, String> env) {
        ApiCredentials credentials = ApiAccess.environment(env)
                .orElseGet(() -> ApiCredentials.generate(new SecureRandom()));
        return new ApiKey(credentials.secretId(), credentials.secretKey());
    }

}
