package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.DynamicRegistration;
import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DynregCrypto;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;

/**
 * UpdateProductDynamicRegister {ProductId, RegisterType, RegisterLimit} answered with {RegisterType, ProductSecret,
 * RegisterLimit}.
 */
final class RegistrationActions {

    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** As long as the cloud console's secrets. */
    static final int GENERATED_SECRET_CHARS = 24;
    private final SecureRandom random = new SecureRandom();
    private final InMemoryDeviceRegistry registry;
    private final ApiLookup lookup;

    RegistrationActions(InMemoryDeviceRegistry registry) {
        this.registry = registry;
        this.lookup = new ApiLookup(registry);
    }

    void register(ApiServer api) {
        api.action("UpdateProductDynamicRegister", ApiAction.sync(this::update));
    }

    /**
     * A product without a secret gets a generated one (the cloud always has one), which from then on also derives
     * the PSKs of its devices that are not registered explicitly; a secret shorter than 16 characters is refused,
     * because the SDKs take its first 16 characters as the AES key.
     */
    private JsonObject update(ApiParams params) {
        Product product = lookup.product(params);
        long type = params.integer("RegisterType");
        long limit = params.integer("RegisterLimit");
        DynamicRegistration setting;
        try {
            setting = new DynamicRegistration(DynamicRegistration.Type.of(type), limit);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidValue(type < 0 || type > 2 ? "RegisterType" : "RegisterLimit",
                    e.getMessage().replaceFirst("^\\w+ ", ""));
        }
        synchronized (registry) {
            Product current = registry.product(product.productId()).orElseThrow();
            String secret = current.productSecret();
            if (secret == null) {
                secret = generateSecret();
            } else if (setting.type() != DynamicRegistration.Type.OFF && !DynregCrypto.isUsableSecret(secret)) {
                throw new ApiException(ApiException.INVALID_PARAMETER_VALUE, "The ProductSecret of `"
                        + product.productId() + "` has " + secret.length() + " characters; dynamic registration "
                        + "needs at least 16 ASCII characters (the SDKs use the first 16 as the AES key).");
            }
            registry.addProduct(current.withSecret(secret).withRegistration(setting));
            return new JsonObject().put("ProductId", product.productId()).put("RegisterType", setting.type().code())
                    .put("ProductSecret", secret).put("RegisterLimit", setting.limit());
        }
    }

    private String generateSecret() {
        StringBuilder sb = new StringBuilder(GENERATED_SECRET_CHARS);
        for (int i = 0; i < GENERATED_SECRET_CHARS; i++) {
            sb.append(SECRET_CHARS.charAt(random.nextInt(SECRET_CHARS.length())));
        }
        return sb.toString();
    }
}
