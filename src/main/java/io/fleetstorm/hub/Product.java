package io.fleetstorm.hub;

import io.fleetstorm.protocol.Access;
import io.fleetstorm.protocol.DeviceId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A product registered in the hub.
 *
 * @param productId     the product id, the first part of every ClientId of its devices
 * @param productSecret when not null, every valid device name of the product exists with the PSK
 *                      {@link io.fleetstorm.protocol.DerivedPsk#derive derived} from this secret, so a generated fleet
 *                      of any size needs no provisioning file; it is also the secret that signs dynamic registrations
 * @param customTopics  custom topic classes {@code ${PID}/${DN}/<name>} and what devices may do with them
 * @param authMode      how the product's devices authenticate: decides what dynamic registration issues (a PSK, or a
 *                      certificate from the hub's CA)
 * @param gateway       whether the product's devices are gateways that may proxy sub-devices
 * @param subProducts   the products whose devices a gateway of this product may bind (empty unless a gateway)
 * @param registration  the dynamic registration setting
 */
public record Product(String productId, String productSecret, Map<String, Access> customTopics, AuthMode authMode,
        boolean gateway, Set<String> subProducts, DynamicRegistration registration) {

    public Product {
        if (!DeviceId.isValidProductId(productId)) {
            throw new IllegalArgumentException(
                    "productId must match [A-Za-z0-9]{1,32}, but was '" + productId + "'");
        }
        if (productSecret != null && productSecret.isEmpty()) {
            throw new IllegalArgumentException("productSecret must not be empty when given");
        }
        customTopics = Map.copyOf(customTopics == null ? Map.of() : customTopics);
        authMode = authMode == null ? AuthMode.KEY : authMode;
        subProducts = Set.copyOf(subProducts == null ? Set.of() : subProducts);
        for (String sub : subProducts) {
            if (!DeviceId.isValidProductId(sub)) {
                throw new IllegalArgumentException("subProducts of " + productId
                        + " must be product ids matching [A-Za-z0-9]{1,32}, but has '" + sub + "'");
            }
        }
        if (!gateway && !subProducts.isEmpty()) {
            throw new IllegalArgumentException("product " + productId + " lists sub-products but is not a gateway");
        }
        if (subProducts.contains(productId)) {
            throw new IllegalArgumentException("gateway product " + productId + " cannot list itself as a sub-product");
        }
        registration = registration == null ? DynamicRegistration.OFF : registration;
    }

    /** A key product that is not a gateway and takes no registrations. */
    public Product(String productId, String productSecret, Map<String, Access> customTopics) {
        this(productId, productSecret, customTopics, AuthMode.KEY, false, Set.of(), DynamicRegistration.OFF);
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

    /** This product as a gateway product whose devices may bind devices of {@code subProductIds}. */
    public Product asGatewayOf(Set<String> subProductIds) {
        return new Product(productId, productSecret, customTopics, authMode, true, subProductIds, registration);
    }

    public Product withAuthMode(AuthMode value) {
        return new Product(productId, productSecret, customTopics, value, gateway, subProducts, registration);
    }

    public Product withRegistration(DynamicRegistration value) {
        return new Product(productId, productSecret, customTopics, authMode, gateway, subProducts, value);
    }

    public Product withSecret(String value) {
        return new Product(productId, value, customTopics, authMode, gateway, subProducts, registration);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "Product[" + productId + (productSecret == null ? "" : ", secret=***") + ", customTopics="
                + customTopics + (authMode == AuthMode.KEY ? "" : ", " + authMode)
                + (gateway ? ", gateway of " + subProducts : "")
                + (registration.type() == DynamicRegistration.Type.OFF ? ""
                        : ", registration=" + registration.type() + "/" + registration.limit()) + "]";
    }
}
