package io.fleetstorm.hub;

import io.fleetstorm.protocol.Access;
import io.fleetstorm.protocol.DeviceId;
import java.util.Map;
import java.util.Optional;

/**
 * A product registered in the hub.
 *
 * @param productId     the product id, the first part of every ClientId of its devices
 * @param productSecret when not null, every valid device name of the product exists with the PSK
 *                      {@link io.fleetstorm.protocol.DerivedPsk#derive derived} from this secret, so a generated fleet
 *                      of any size needs no provisioning file
 * @param customTopics  custom topic classes {@code ${PID}/${DN}/<name>} and what devices may do with them
 */
public record Product(String productId, String productSecret, Map<String, Access> customTopics) {

    public Product {
        if (!DeviceId.isValidProductId(productId)) {
            throw new IllegalArgumentException(
                    "productId must match [A-Za-z0-9]{1,32}, but was '" + productId + "'");
        }
        if (productSecret != null && productSecret.isEmpty()) {
            throw new IllegalArgumentException("productSecret must not be empty when given");
        }
        customTopics = Map.copyOf(customTopics == null ? Map.of() : customTopics);
    }

    public static Product of(String productId) {
        return new Product(productId, null, Map.of());
    }

    public static Product withSecret(String productId, String productSecret) {
        return new Product(productId, productSecret, Map.of());
    }

    public Optional<String> secret() {
        return Optional.ofNullable(productSecret);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "Product[" + productId + (productSecret == null ? "" : ", secret=***") + ", customTopics="
                + customTopics + "]";
    }
}
