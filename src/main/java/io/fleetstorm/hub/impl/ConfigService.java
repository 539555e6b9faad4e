package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.ConfigMessage;
import io.fleetstorm.protocol.ConfigMessages;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.Topics;
import io.fleetstorm.hub.HubDelivery;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote configuration (addendum section 13): one JSON object per product; {@code get} on either up topic
 * ({@code $config/operation/} or {@code $config/report/}) is answered with {@code reply} on
 * {@code $config/operation/result/}, where pushes go too. A product without an enabled configuration answers 1001.
 */
final class ConfigService implements UplinkService {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigService.class);

    /** A product's configuration: the compact JSON object, and whether devices may have it. */
    record ProductConfig(boolean enabled, String json) {
        static final ProductConfig NONE = new ProductConfig(false, "{}");
    }

    private final ConcurrentHashMap<String, ProductConfig> configs = new ConcurrentHashMap<>();
    private final Downlink downlink;
    private final FeatureCounters counters;
    /** The online devices of a product (sub-devices through gateways included). */
    private final Function<String, List<DeviceId>> onlineDevices;

    ConfigService(Downlink downlink, FeatureCounters counters, Function<String, List<DeviceId>> onlineDevices) {
        this.downlink = downlink;
        this.counters = counters;
        this.onlineDevices = onlineDevices;
    }

    @Override
    public boolean handles(String topic) {
        return Topics.isConfigRequest(topic);
    }

    /** Anything but a get is ignored: the devices send nothing else, and there is no error channel. */
    @Override
    public void handle(DeviceId from, String topic, byte[] payload, int qos) {
        ConfigMessage message;
        try {
            message = ConfigMessage.parse(new String(payload, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            LOG.debug("config message of {} ignored: {}", from.clientId(), e.getMessage());
            return;
        }
        if (!ConfigMessages.TYPE_GET.equals(message.type())) {
            return;
        }
        counters.configGets.increment();
        ProductConfig config = config(from.productId());
        send(from, config.enabled() ? ConfigMessages.reply(config.json()) : ConfigMessages.disabled());
    }

    ProductConfig config(String productId) {
        return configs.getOrDefault(productId, ProductConfig.NONE);
    }

    /**
     * Sets a product's configuration; when enabled, pushes it to every online device of the product that subscribed.
     * Returns how many devices it was delivered to.
     */
    int update(String productId, boolean enabled, String compactJson) {
        ProductConfig config = new ProductConfig(enabled, compactJson == null ? config(productId).json()
                : compactJson);
        configs.put(productId, config);
        if (!enabled) {
            return 0;
        }
        int delivered = 0;
        String push = ConfigMessages.push(config.json());
        for (DeviceId id : onlineDevices.apply(productId)) {
            if (send(id, push) == HubDelivery.DELIVERED) {
                counters.configPushes.increment();
                delivered++;
            }
        }
        return delivered;
    }

    private HubDelivery send(DeviceId to, String json) {
        return downlink.send(Topics.configResult(to), json.getBytes(StandardCharsets.UTF_8), 1);
    }
}
