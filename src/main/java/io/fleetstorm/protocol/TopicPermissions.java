package io.fleetstorm.protocol;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which topics one device may publish to and subscribe to: the hub's default table plus the product's custom
 * topic classes; a gateway device also gets its two {@code $gateway} topics.
 *
 * <p>A custom class only ever adds rights: naming {@code data} or {@code control} there widens, never narrows,
 * the defaults. Wildcard filters are refused everywhere except the RRPC request filter, because a wildcard could
 * reach another device's topics.
 */
public final class TopicPermissions {
    private final DeviceId device;
    private final Map<String, Access> customTopics;
    private final String base;
    private final Set<String> publishTopics;
    private final Set<String> subscribeFilters;
    private final String rrpcRequestPrefix;
    private final String rrpcReplyPrefix;

    /** Permissions for {@code device}; {@code customTopics} maps class names ({@code PID/DN/<name>}) to rights. */
    public TopicPermissions(DeviceId device, Map<String, Access> customTopics) {
        this(device, customTopics, false);
    }

    /**
     * Permissions for {@code device}; a {@code gateway} may also publish to {@code $gateway/operation/PID/DN} and
     * subscribe to {@code $gateway/operation/result/PID/DN} (its sub-devices' topics are granted per sub-device by
     * the hub, once they are online).
     */
    public TopicPermissions(DeviceId device, Map<String, Access> customTopics, boolean gateway) {
        this.device = Objects.requireNonNull(device, "device");
        this.customTopics = Map.copyOf(customTopics);
        for (String name : this.customTopics.keySet()) {
            // Validates the name: no wildcards, not empty.
            Topics.custom(device, name);
        }
        this.base = Topics.base(device);
        Set<String> publish = new HashSet<>(Set.of(Topics.event(device), Topics.data(device),
                Topics.shadowOperation(device), Topics.otaReport(device), Topics.sysOperation(device),
                Topics.configOperation(device), Topics.configReport(device), Topics.resourceUp(device)));
        Set<String> subscribe = new HashSet<>(Set.of(Topics.control(device), Topics.data(device),
                Topics.shadowResult(device), Topics.otaUpdate(device), Topics.sysResult(device),
                Topics.broadcast(device), Topics.rrpcRequestFilter(device), Topics.configResult(device),
                Topics.configUpdate(device), Topics.resourceDown(device)));
        if (gateway) {
            publish.add(Topics.gatewayOperation(device));
            subscribe.add(Topics.gatewayResult(device));
        }
        this.publishTopics = Set.copyOf(publish);
        this.subscribeFilters = Set.copyOf(subscribe);
        this.rrpcRequestPrefix = Topics.RRPC_RXD + base;
        this.rrpcReplyPrefix = Topics.RRPC_TXD + base;
    }

    /** The default table of the hub, with no custom topic classes. */
    public static TopicPermissions defaults(DeviceId device) {
        return new TopicPermissions(device, Map.of());
    }

    public DeviceId device() {
        return device;
    }

    /** Whether the device may publish to this concrete topic. */
    public boolean canPublish(String topic) {
        if (Topics.checkShape(topic).isPresent() || hasWildcard(topic)) {
            return false;
        }
        if (publishTopics.contains(topic)) {
            return true;
        }
        if (topic.startsWith(rrpcReplyPrefix)) {
            return isOneLevel(topic.substring(rrpcReplyPrefix.length()));
        }
        Access access = customAccess(topic);
        return access != null && access.canPublish();
    }

    /** Whether the device may subscribe to this filter. */
    public boolean canSubscribe(String filter) {
        if (Topics.checkShape(filter).isPresent()) {
            return false;
        }
        if (subscribeFilters.contains(filter)) {
            return true;
        }
        if (hasWildcard(filter)) {
            return false;
        }
        if (filter.startsWith(rrpcRequestPrefix)) {
            return isOneLevel(filter.substring(rrpcRequestPrefix.length()));
        }
        Access access = customAccess(filter);
        return access != null && access.canSubscribe();
    }

    private Access customAccess(String topic) {
        return topic.startsWith(base) ? customTopics.get(topic.substring(base.length())) : null;
    }

    private static boolean isOneLevel(String level) {
        return !level.isEmpty() && level.indexOf('/') < 0;
    }

    private static boolean hasWildcard(String topic) {
        return topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0;
    }
}
