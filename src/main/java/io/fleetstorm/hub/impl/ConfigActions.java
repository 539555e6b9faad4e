package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.ConfigMessages;
import io.vertx.core.json.JsonObject;

/**
 * fleetstorm's extensions for remote configuration, which the cloud offers only in its console:
 * UpdateProductRemoteConfig {ProductId, Enabled, Config (a JSON object as a string)} and
 * DescribeProductRemoteConfig {ProductId}.
 */
final class ConfigActions {

    private final ApiLookup lookup;
    private final ConfigService config;

    ConfigActions(ApiLookup lookup, ConfigService config) {
        this.lookup = lookup;
        this.config = config;
    }

    void register(ApiServer api) {
        api.action("UpdateProductRemoteConfig", ApiAction.sync(this::update))
                .action("DescribeProductRemoteConfig", ApiAction.sync(this::describe));
    }

    /** Enabled is true/false or 1/0; Config may be left out to switch an existing configuration on or off. */
    private JsonObject update(ApiParams params) {
        Product product = lookup.product(params);
        Boolean enabled = params.optionalBoolean("Enabled");
        if (enabled == null) {
            throw ApiException.missing("Enabled");
        }
        String json = params.optionalString("Config");
        String compact = null;
        if (json != null) {
            try {
                compact = ConfigMessages.checkConfig(json);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidValue("Config", e.getMessage());
            }
        }
        int pushed = config.update(product.productId(), enabled, compact);
        return new JsonObject().put("ProductId", product.productId()).put("Enabled", enabled).put("Pushed", pushed);
    }

    private JsonObject describe(ApiParams params) {
        Product product = lookup.product(params);
        ConfigService.ProductConfig current = config.config(product.productId());
        return new JsonObject().put("ProductId", product.productId()).put("Enabled", current.enabled())
                .put("Config", current.json());
    }
}
