package io.fleetstorm.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The topic templates of the IoT Hub, its topic size limits, and which device a topic belongs to.
 */
public final class Topics {
    public static final int MAX_TOPIC_BYTES = 255;
    public static final int MAX_TOPIC_LEVELS = 10;

    static final String SHADOW_RESULT = "$shadow/operation/result/";
    static final String SHADOW_OPERATION = "$shadow/operation/";
    static final String OTA_REPORT = "$ota/report/";
    static final String OTA_UPDATE = "$ota/update/";
    static final String SYS_RESULT = "$sys/operation/result/";
    static final String SYS_OPERATION = "$sys/operation/";
    static final String BROADCAST = "$broadcast/rxd/";
    static final String RRPC_RXD = "$rrpc/rxd/";
    static final String RRPC_TXD = "$rrpc/txd/";
    static final String GATEWAY_RESULT = "$gateway/operation/result/";
    static final String GATEWAY_OPERATION = "$gateway/operation/";
    static final String CONFIG_RESULT = "$config/operation/result/";
    static final String CONFIG_OPERATION = "$config/operation/";
    static final String CONFIG_REPORT = "$config/report/";
    static final String CONFIG_UPDATE = "$config/update/";
    static final String RESOURCE_UP = "$resource/up/service/";
    static final String RESOURCE_DOWN = "$resource/down/service/";

    // Longer prefixes first: "$shadow/operation/result/P/D" also starts with "$shadow/operation/".
    private static final List<String> SYSTEM_PREFIXES = List.of(SHADOW_RESULT, SHADOW_OPERATION, OTA_REPORT,
            OTA_UPDATE, SYS_RESULT, SYS_OPERATION, BROADCAST, RRPC_RXD, RRPC_TXD, GATEWAY_RESULT, GATEWAY_OPERATION,
            CONFIG_RESULT, CONFIG_OPERATION, CONFIG_REPORT, CONFIG_UPDATE, RESOURCE_UP, RESOURCE_DOWN);

    private Topics() {
    }

    /** {@code PID/DN/control}: cloud to device. */
    public static String control(DeviceId d) {
        return custom(d, "control");
    }

    /** {@code PID/DN/event}: device to cloud. */
    public static String event(DeviceId d) {
        return custom(d, "event");
    }

    /** {@code PID/DN/data}: both ways. */
    public static String data(DeviceId d) {
        return custom(d, "data");
    }

    /** {@code PID/DN/<name>}: a product's custom topic class. */
    public static String custom(DeviceId d, String name) {
        if (name == null || name.isEmpty() || name.indexOf('+') >= 0 || name.indexOf('#') >= 0) {
            throw new IllegalArgumentException(
                    "custom topic name must be non-empty without '+' or '#', but was " + quoted(name));
        }
        return base(d) + name;
    }

    /** {@code $shadow/operation/PID/DN}: shadow requests. */
    public static String shadowOperation(DeviceId d) {
        return SHADOW_OPERATION + pidDn(d);
    }

    /** {@code $shadow/operation/result/PID/DN}: shadow answers and deltas. */
    public static String shadowResult(DeviceId d) {
        return SHADOW_RESULT + pidDn(d);
    }

    /** {@code $ota/report/PID/DN}: version and progress reports. */
    public static String otaReport(DeviceId d) {
        return OTA_REPORT + pidDn(d);
    }

    /** {@code $ota/update/PID/DN}: upgrade commands. */
    public static String otaUpdate(DeviceId d) {
        return OTA_UPDATE + pidDn(d);
    }

    /** {@code $sys/operation/PID/DN}: time sync requests. */
    public static String sysOperation(DeviceId d) {
        return SYS_OPERATION + pidDn(d);
    }

    /** {@code $sys/operation/result/PID/DN}: time sync answers. */
    public static String sysResult(DeviceId d) {
        return SYS_RESULT + pidDn(d);
    }

    /** {@code $broadcast/rxd/PID/DN}: product broadcasts. */
    public static String broadcast(DeviceId d) {
        return BROADCAST + pidDn(d);
    }

    /** {@code $rrpc/rxd/PID/DN/processId}: one RRPC request. */
    public static String rrpcRequest(DeviceId d, String processId) {
        return RRPC_RXD + pidDn(d) + '/' + processId;
    }

    /** {@code $rrpc/rxd/PID/DN/+}: the filter a device subscribes to for RRPC requests. */
    public static String rrpcRequestFilter(DeviceId d) {
        return RRPC_RXD + pidDn(d) + "/+";
    }

    /** {@code $rrpc/txd/PID/DN/processId}: the reply to one RRPC request. */
    public static String rrpcReply(DeviceId d, String processId) {
        return RRPC_TXD + pidDn(d) + '/' + processId;
    }

    /** {@code $gateway/operation/PID/DN}: a gateway's requests and acknowledgements (addendum section 11). */
    public static String gatewayOperation(DeviceId gateway) {
        return GATEWAY_OPERATION + pidDn(gateway);
    }

    /** {@code $gateway/operation/result/PID/DN}: the cloud's answers and notices to a gateway. */
    public static String gatewayResult(DeviceId gateway) {
        return GATEWAY_RESULT + pidDn(gateway);
    }

    /** {@code $config/operation/PID/DN}: remote configuration requests (C SDK; addendum section 13). */
    public static String configOperation(DeviceId d) {
        return CONFIG_OPERATION + pidDn(d);
    }

    /** {@code $config/report/PID/DN}: remote configuration requests (Java SDK). */
    public static String configReport(DeviceId d) {
        return CONFIG_REPORT + pidDn(d);
    }

    /** {@code $config/operation/result/PID/DN}: configuration replies and pushes. */
    public static String configResult(DeviceId d) {
        return CONFIG_RESULT + pidDn(d);
    }

    /** {@code $config/update/PID/DN}: the downlink of older SDK docs; subscribable, never sent to by the hub. */
    public static String configUpdate(DeviceId d) {
        return CONFIG_UPDATE + pidDn(d);
    }

    /** {@code $resource/up/service/PID/DN}: resource (file) requests and progress (addendum section 14). */
    public static String resourceUp(DeviceId d) {
        return RESOURCE_UP + pidDn(d);
    }

    /** {@code $resource/down/service/PID/DN}: resource answers and download tasks. */
    public static String resourceDown(DeviceId d) {
        return RESOURCE_DOWN + pidDn(d);
    }

    /** Whether the topic is a gateway request topic {@code $gateway/operation/PID/DN} (not a result topic). */
    public static boolean isGatewayOperation(String topic) {
        return topic.startsWith(GATEWAY_OPERATION) && !topic.startsWith(GATEWAY_RESULT);
    }

    /** Whether the topic is one of the two configuration request topics (operation, not result; or report). */
    public static boolean isConfigRequest(String topic) {
        return topic.startsWith(CONFIG_REPORT)
                || (topic.startsWith(CONFIG_OPERATION) && !topic.startsWith(CONFIG_RESULT));
    }

    /** Whether the topic is a resource request topic {@code $resource/up/service/PID/DN}. */
    public static boolean isResourceUp(String topic) {
        return topic.startsWith(RESOURCE_UP);
    }

    /** Whether the topic is a shadow request topic {@code $shadow/operation/PID/DN} (not a result topic). */
    public static boolean isShadowOperation(String topic) {
        return topic.startsWith(SHADOW_OPERATION) && !topic.startsWith(SHADOW_RESULT);
    }

    /** Whether the topic is an OTA report topic {@code $ota/report/PID/DN}. */
    public static boolean isOtaReport(String topic) {
        return topic.startsWith(OTA_REPORT);
    }

    /** Whether the topic is a time sync request topic {@code $sys/operation/PID/DN} (not a result topic). */
    public static boolean isSysOperation(String topic) {
        return topic.startsWith(SYS_OPERATION) && !topic.startsWith(SYS_RESULT);
    }

    /** Whether the topic is an RRPC reply {@code $rrpc/txd/PID/DN/processId}. */
    public static boolean isRrpcReply(String topic) {
        return topic.startsWith(RRPC_TXD);
    }

    /** The processId of an RRPC request or reply topic (its last level), or empty when it has none. */
    public static Optional<String> rrpcProcessId(String topic) {
        if (!topic.startsWith(RRPC_TXD) && !topic.startsWith(RRPC_RXD)) {
            return Optional.empty();
        }
        String[] rest = topic.substring(RRPC_TXD.length()).split("/", -1);
        return rest.length == 3 && !rest[2].isEmpty() ? Optional.of(rest[2]) : Optional.empty();
    }

    /** An error text when the topic or filter breaks the hub's limits, else empty. */
    public static Optional<String> checkShape(String topicOrFilter) {
        if (topicOrFilter == null || topicOrFilter.isEmpty()) {
            return Optional.of("topic is empty");
        }
        if (topicOrFilter.indexOf('\0') >= 0) {
            return Optional.of("topic contains a NUL character");
        }
        int bytes = topicOrFilter.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TOPIC_BYTES) {
            return Optional.of("topic is " + bytes + " bytes, more than " + MAX_TOPIC_BYTES);
        }
        int levels = levels(topicOrFilter);
        if (levels > MAX_TOPIC_LEVELS) {
            return Optional.of("topic has " + levels + " levels, more than " + MAX_TOPIC_LEVELS);
        }
        return Optional.empty();
    }

    /** The device a concrete topic belongs to, or empty for system-wide or malformed topics. */
    public static Optional<DeviceId> owner(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        if (topic.startsWith("$")) {
            for (String prefix : SYSTEM_PREFIXES) {
                if (topic.startsWith(prefix)) {
                    String[] rest = topic.substring(prefix.length()).split("/", -1);
                    return rest.length >= 2 ? device(rest[0], rest[1]) : Optional.empty();
                }
            }
            return Optional.empty();
        }
        String[] levels = topic.split("/", -1);
        return levels.length >= 3 ? device(levels[0], levels[1]) : Optional.empty();
    }

    static String base(DeviceId d) {
        return pidDn(d) + '/';
    }

    private static String pidDn(DeviceId d) {
        return d.productId() + '/' + d.deviceName();
    }

    private static int levels(String topic) {
        int n = 1;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    private static Optional<DeviceId> device(String productId, String deviceName) {
        if (DeviceId.isValidProductId(productId) && DeviceId.isValidDeviceName(deviceName)) {
            return Optional.of(new DeviceId(productId, deviceName));
        }
        return Optional.empty();
    }

    private static String quoted(String value) {
        return value == null ? "null" : '"' + value + '"';
    }
}
