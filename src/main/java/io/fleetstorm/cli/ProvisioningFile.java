package io.fleetstorm.cli;

import io.fleetstorm.hub.Device;
import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.Access;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.PskCsv;
import io.fleetstorm.protocol.Signer;
import io.fleetstorm.tls.PemException;
import io.fleetstorm.tls.PemFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The hub's provisioning file: products and devices in YAML, checked whole, every error with file:line.
 *
 * <pre>
 * products:
 *   - productId: 1A17RZR3XX
 *     productSecret: fleet-secret        # optional: every device name gets a derived PSK
 *     customTopics: {telemetry: both}    # optional: publish | subscribe | both
 *     subProducts: [SUB0000001]          # optional: a gateway product whose devices may bind these products' devices
 *     authMode: key                      # optional: key | certificate (what dynamic registration issues)
 *     dynamicRegistration: {type: 2, limit: 10000}  # optional: 0 off, 1 pre-created devices only, 2 auto-create
 *     devicesCsv: devices.csv            # optional: deviceName,devicePsk lines as the console exports them
 *     devices:
 *       - {name: dev001, psk: c2VjcmV0LWtleS0xMjM0NTY3ODkw}
 *       - {name: cam01, certificate: certs/cam01.pem, enabled: false}
 * </pre>
 * Secret values never appear in error messages.
 */
final class ProvisioningFile {

    /** What the file provisions. */
    record Contents(List<Product> products, List<Device> devices) {
    }

    private final Path file;
    private final List<String> errors = new ArrayList<>();
    private final List<Product> products = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();

    private ProvisioningFile(Path file) {
        this.file = file;
    }

    /** Reads the file; throws {@link InvalidInputException} listing every problem. */
    static Contents read(Path file) {
        ProvisioningFile reader = new ProvisioningFile(file);
        reader.parse();
        if (!reader.errors.isEmpty()) {
            throw new InvalidInputException(file + " has " + reader.errors.size() + " error(s):\n  "
                    + String.join("\n  ", reader.errors));
        }
        return new Contents(List.copyOf(reader.products), List.copyOf(reader.devices));
    }

    private void parse() {
        Node root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).compose(in);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read file (" + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        if (!(root instanceof MappingNode map)) {
            errors.add(file + ":1: the file must be a mapping with a 'products' list");
            return;
        }
        Node list = field(map, "products");
        if (!(list instanceof SequenceNode seq)) {
            error(list == null ? root : list, "products", "must be a list of products", null);
            return;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            product(seq.getValue().get(i), "products[" + i + "]");
        }
    }

    private void product(Node node, String path) {
        if (!(node instanceof MappingNode map)) {
            error(node, path, "must be a mapping", null);
            return;
        }
        String productId = scalar(map, "productId", path);
        if (productId == null) {
            error(node, path + ".productId", "is required", null);
            return;
        }
        if (!DeviceId.isValidProductId(productId)) {
            error(field(map, "productId"), path + ".productId", "must match [A-Za-z0-9]{1,32}", productId);
            return;
        }
        String secret = scalar(map, "productSecret", path);
        Map<String, Access> customTopics = new LinkedHashMap<>();
        Node topics = field(map, "customTopics");
        if (topics instanceof MappingNode topicMap) {
            for (NodeTuple t : topicMap.getValue()) {
                String name = ((ScalarNode) t.getKeyNode()).getValue();
                String access = t.getValueNode() instanceof ScalarNode s ? s.getValue() : "";
                try {
                    customTopics.put(name, Access.valueOf(access.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    error(t.getValueNode(), path + ".customTopics." + name, "must be publish, subscribe or both",
                            access);
                }
            }
        } else if (topics != null) {
            error(topics, path + ".customTopics", "must be a mapping of topic name to publish|subscribe|both", null);
        }
        products.add(features(map, path, new Product(productId, secret, customTopics)));
        Node deviceList = field(map, "devices");
        if (deviceList instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                device(seq.getValue().get(i), path + ".devices[" + i + "]", productId);
            }
        } else if (deviceList != null) {
            error(deviceList, path + ".devices", "must be a list", null);
        }
        String csv = scalar(map, "devicesCsv", path);
        if (csv != null) {
            csvDevices(field(map, "devicesCsv"), path + ".devicesCsv", productId, resolve(csv));
        }
    }

    /** The gateway, authentication and dynamic registration fields of a product (hub-features.md). */
    private Product features(MappingNode map, String path, Product product) {
        Node subs = field(map, "subProducts");
        if (subs instanceof SequenceNode seq) {
            java.util.Set<String> ids = new java.util.LinkedHashSet<>();
            for (Node item : seq.getValue()) {
                String id = item instanceof ScalarNode s ? s.getValue() : null;
                if (id == null || !DeviceId.isValidProductId(id) || id.equals(product.productId())) {
                    error(item, path + ".subProducts", "must list other product ids matching [A-Za-z0-9]{1,32}", id);
                } else {
                    ids.add(id);
                }
            }
            product = product.asGatewayOf(ids);
        } else if (subs != null) {
            error(subs, path + ".subProducts", "must be a list of product ids", null);
        }
        String auth = scalar(map, "authMode", path);
        if (auth != null) {
            switch (auth) {
                case "key" -> product = product.withAuthMode(io.fleetstorm.hub.AuthMode.KEY);
                case "certificate" -> product = product.withAuthMode(io.fleetstorm.hub.AuthMode.CERTIFICATE);
                default -> error(field(map, "authMode"), path + ".authMode", "must be key or certificate", auth);
            }
        }
        Node registration = field(map, "dynamicRegistration");
        if (registration instanceof MappingNode reg) {
            String type = scalar(reg, "type", path + ".dynamicRegistration");
            String limit = scalar(reg, "limit", path + ".dynamicRegistration");
            try {
                product = product.withRegistration(new io.fleetstorm.hub.DynamicRegistration(
                        io.fleetstorm.hub.DynamicRegistration.Type.of(Long.parseLong(type == null ? "" : type)),
                        Long.parseLong(limit == null ? "" : limit)));
            } catch (NumberFormatException e) {
                error(reg, path + ".dynamicRegistration", "needs a type (0, 1 or 2) and a limit (a number)",
                        null);
            } catch (IllegalArgumentException e) {
                error(reg, path + ".dynamicRegistration", e.getMessage(), null);
            }
        } else if (registration != null) {
            error(registration, path + ".dynamicRegistration", "must be a mapping {type: 0|1|2, limit: N}", null);
        }
        return product;
    }

    private void device(Node node, String path, String productId) {
        if (!(node instanceof MappingNode map)) {
            error(node, path, "must be a mapping", null);
            return;
        }
        String name = scalar(map, "name", path);
        if (name == null || !DeviceId.isValidDeviceName(name)) {
            error(name == null ? node : field(map, "name"), path + ".name",
                    name == null ? "is required" : "must match [A-Za-z0-9:_-]{1,48}", name);
            return;
        }
        DeviceId id = new DeviceId(productId, name);
        String psk = scalar(map, "psk", path);
        String certificate = scalar(map, "certificate", path);
        String enabled = scalar(map, "enabled", path);
        if ((psk == null) == (certificate == null)) {
            error(node, path, "needs exactly one of psk or certificate", null);
            return;
        }
        if (enabled != null && !enabled.equals("true") && !enabled.equals("false")) {
            error(field(map, "enabled"), path + ".enabled", "must be true or false", enabled);
            return;
        }
        boolean isEnabled = !"false".equals(enabled);
        if (psk != null) {
            if (!isBase64(psk)) {
                error(field(map, "psk"), path + ".psk", "must be base64 (value not shown)", null);
                return;
            }
            devices.add(Device.withPsk(id, psk).withEnabled(isEnabled));
        } else {
            try {
                X509Certificate cert = PemFiles.readCertificates(resolve(certificate)).get(0);
                devices.add(Device.withCertificate(id, cert).withEnabled(isEnabled));
            } catch (PemException e) {
                error(field(map, "certificate"), path + ".certificate", "cannot be used: " + e.getMessage(), null);
            }
        }
    }

    private void csvDevices(Node node, String path, String productId, Path csv) {
        try {
            PskCsv.read(csv).values().forEach(row -> devices.add(Device.withPsk(new DeviceId(productId,
                    row.deviceName()), row.pskBase64())));
        } catch (PskCsv.InvalidCsvException e) {
            e.problems().forEach(p -> error(node, path, "cannot be used: " + p, null));
        }
    }

    private Path resolve(String relative) {
        Path p = Path.of(relative);
        Path dir = file.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

    private static boolean isBase64(String value) {
        try {
            Signer.decodePsk(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Node field(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    private String scalar(MappingNode map, String key, String path) {
        Node node = field(map, key);
        if (node == null) {
            return null;
        }
        if (!(node instanceof ScalarNode s)) {
            error(node, path + "." + key, "must be a single value", null);
            return null;
        }
        return s.getValue();
    }

    private void error(Node node, String path, String rule, String actual) {
        int line = node == null ? 1 : node.getStartMark().getLine() + 1;
        errors.add(file + ":" + line + ": " + path + " " + rule + (actual == null ? "" : ", but was '" + actual + "'"));
    }
}
