package io.fleetstorm.scenario;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SignMethod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads one device group: its identity, SDK habits, timeouts and credentials (loaded and checked). */
final class GroupReader {

    static final List<String> FIELDS = List.of("name", "productId", "count", "namePattern", "indexOffset", "auth",
            "signMethod", "credentials", "sdk", "keepAlive", "cleanSession", "timeouts", "gateway");
    /** The most devices in one group (a cluster of agents runs more in total). */
    static final int MAX_COUNT = 10_000_000;

    private final CredentialsReader credentials;
    /** The {@code gateway} field of each group that has one, by group name: checked once every group is read. */
    final Map<String, YamlNode> gatewayFields = new HashMap<>();

    GroupReader(CredentialsReader credentials) {
        this.credentials = credentials;
    }

    /** The group, or null when it cannot be built; its name is added to {@code declared} when it has one. */
    Scenario.Group read(YamlNode node, List<String> declared) {
        Map<String, YamlNode> g = node.entries(FIELDS);
        if (!node.isMap()) {
            return null;
        }
        String name = Fields.text(Fields.required(node, g, "name"), null);
        if (name != null && !name.matches("[A-Za-z0-9_-]{1,32}")) {
            g.get("name").problem("must match [A-Za-z0-9_-]{1,32}", name);
            name = null;
        } else if (name != null && declared.contains(name)) {
            g.get("name").problem("must be unique; another group is already named so", name);
            name = null;
        } else if (name != null) {
            declared.add(name);
        }
        String productId = Fields.text(Fields.required(node, g, "productId"), null);
        if (productId != null && !DeviceId.isValidProductId(productId)) {
            g.get("productId").problem("must match [A-Za-z0-9]{1,32}", productId);
            productId = null;
        }
        int count = Fields.integer(Fields.required(node, g, "count"), 1, MAX_COUNT, -1);
        String pattern = Fields.text(g.get("namePattern"), "device-{index:05}");
        if (!NamePattern.isValid(pattern)) {
            g.get("namePattern").problem("must contain {index} or {index:0N} (N up to 9)", pattern);
            pattern = null;
        }
        int offset = Fields.integer(g.get("indexOffset"), 0, Integer.MAX_VALUE - MAX_COUNT, 0);
        boolean certificate = "certificate".equals(Fields.choice(g.get("auth"), List.of("key", "certificate"),
                "key"));
        SignMethod signMethod = SignMethod.fromWireName(Fields.choice(g.get("signMethod"),
                List.of("hmacsha256", "hmacsha1"), "hmacsha256")).orElseThrow();
        if (certificate && g.containsKey("signMethod")) {
            g.get("signMethod").problem("applies to auth: key only (certificate devices do not sign)", null);
        }
        Sdk sdk = Sdk.fromYaml(Fields.choice(g.get("sdk"), Sdk.yamlNames(), Sdk.C_SDK.yamlName())).orElseThrow();
        int keepAlive = Fields.integer(g.get("keepAlive"), 0, 900, sdk.keepAliveSeconds());
        boolean clean = Fields.bool(g.get("cleanSession"), true);
        Timeouts timeouts = Timeouts.read(g.get("timeouts"));
        String gateway = Fields.text(g.get("gateway"), null);
        if (gateway != null && name != null) {
            gatewayFields.put(name, g.get("gateway"));
        }
        if (gateway != null && certificate) {
            g.get("auth").problem("must be key for sub-devices (a group with gateway:): their gateway binds them with "
                    + "a signature keyed by their PSK", "certificate");
        }
        if (pattern != null && count > 0 && !namesValid(g, node, pattern, offset, count)) {
            pattern = null;
        }
        String finalPattern = pattern;
        Credentials creds = pattern == null || count < 1 ? null : credentials.read(g.get("credentials"), node,
                certificate, count, i -> NamePattern.format(finalPattern, i + offset));
        if (pattern == null || count < 1) {
            credentials.read(g.get("credentials"), node, certificate, 0, i -> "");
        }
        if (name == null || productId == null || count < 1 || pattern == null || creds == null) {
            return null;
        }
        return new Scenario.Group(name, productId, count, pattern, offset, certificate ? null : signMethod, creds,
                sdk, keepAlive, clean, timeouts, gateway);
    }

    /** The first and last device names must be valid device names (the ones between follow). */
    private static boolean namesValid(Map<String, YamlNode> g, YamlNode node, String pattern, int offset, int count) {
        for (int i : new int[] {0, count - 1}) {
            String deviceName = NamePattern.format(pattern, i + offset);
            if (!DeviceId.isValidDeviceName(deviceName)) {
                (g.get("namePattern") != null ? g.get("namePattern") : node)
                        .problem("must give device names matching [A-Za-z0-9:_-]{1,48}", deviceName);
                return false;
            }
        }
        return true;
    }
}
