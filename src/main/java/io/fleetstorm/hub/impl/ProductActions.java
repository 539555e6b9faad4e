package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DeviceId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** CreateProduct, DescribeProduct, DescribeProducts, DeleteProduct. */
final class ProductActions {

    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private final SecureRandom random = new SecureRandom();
    private final InMemoryDeviceRegistry registry;
    private final ApiLookup lookup;
    private final ProductCatalog catalog;
    private final LongSupplier millisClock;

    ProductActions(InMemoryDeviceRegistry registry, ProductCatalog catalog, LongSupplier millisClock) {
        this.registry = registry;
        this.lookup = new ApiLookup(registry);
        this.catalog = catalog;
        this.millisClock = millisClock;
    }

    void register(ApiServer api) {
        api.action("CreateProduct", ApiAction.sync(this::createProduct))
                .action("DescribeProduct", ApiAction.sync(this::describeProduct))
                .action("DescribeProducts", ApiAction.sync(this::describeProducts))
                .action("DeleteProduct", ApiAction.sync(this::deleteProduct));
    }

    /**
     * ProductProperties.EncryptionType "1" makes a certificate product, "2" (the default here) a key product.
     * ProductId and ProductSecret are fleetstorm's extensions: the cloud always picks the id itself.
     */
    private JsonObject createProduct(ApiParams params) {
        String name = params.string("ProductName");
        if (name.length() > 64) {
            throw ApiException.invalidValue("ProductName", "must be at most 64 characters");
        }
        JsonObject properties = params.optionalObject("ProductProperties");
        String type = properties == null ? null : new ApiParams(properties).optionalString("EncryptionType");
        String description = properties == null ? null
                : new ApiParams(properties).optionalString("ProductDescription");
        if (type == null || type.isEmpty()) {
            type = ProductCatalog.KEY;
        } else if (!type.equals(ProductCatalog.CERTIFICATE) && !type.equals(ProductCatalog.KEY)) {
            throw ApiException.invalidValue("ProductProperties.EncryptionType", "must be \"1\" (certificate) or "
                    + "\"2\" (key), but was \"" + OtaActions.shorten(type) + "\"");
        }
        String productId = params.optionalString("ProductId");
        String secret = params.optionalString("ProductSecret");
        if (productId == null) {
            productId = randomId();
        } else if (!DeviceId.isValidProductId(productId)) {
            throw ApiException.invalidValue("ProductId", "must match " + DeviceId.PRODUCT_ID_RULE + ", but was \""
                    + OtaActions.shorten(productId) + "\"");
        }
        if (secret != null && secret.isEmpty()) {
            throw ApiException.invalidValue("ProductSecret", "must not be empty");
        }
        synchronized (registry) {
            if (registry.product(productId).isPresent()) {
                throw new ApiException(ApiException.PRODUCT_EXISTS, "The product `" + productId + "` already exists.");
            }
            catalog.put(productId, new ProductCatalog.Entry(name, description == null ? "" : description, type,
                    millisClock.getAsLong() / 1000));
            registry.addProduct(new Product(productId, secret, Map.of()));
        }
        return new JsonObject().put("ProductName", name).put("ProductId", productId)
                .put("ProductProperties", properties(productId));
    }

    /**
     * Deletes an empty product. A product that still has devices is refused ({@code UnsupportedOperation}, naming how
     * many): the cloud's console and API refuse it too, and provisioning deletes devices before products.
     */
    private JsonObject deleteProduct(ApiParams params) {
        Product product = lookup.product(params);
        synchronized (registry) {
            int devices = registry.registeredDevices(product.productId()).size();
            if (devices > 0) {
                throw new ApiException(ApiException.UNSUPPORTED_OPERATION, "The product `" + product.productId()
                        + "` still has " + devices + " device(s): delete them first.");
            }
            registry.removeProduct(product.productId());
            catalog.remove(product.productId());
        }
        return new JsonObject();
    }

    private JsonObject describeProduct(ApiParams params) {
        return info(lookup.product(params).productId());
    }

    private JsonObject describeProducts(ApiParams params) {
        ApiParams.Page page = params.page(10, 250);
        List<String> ids = registry.products().stream().map(Product::productId)
                .sorted(Comparator.naturalOrder()).toList();
        JsonArray products = new JsonArray();
        page.of(ids).forEach(id -> products.add(info(id)));
        return new JsonObject().put("TotalCount", ids.size()).put("Products", products);
    }

    private JsonObject info(String productId) {
        ProductCatalog.Entry e = catalog.of(productId);
        return new JsonObject().put("ProductId", productId).put("ProductName", e.name())
                .put("ProductMetadata", new JsonObject().put("CreationDate", e.createdS()))
                .put("ProductProperties", properties(productId));
    }

    private JsonObject properties(String productId) {
        ProductCatalog.Entry e = catalog.of(productId);
        return new JsonObject().put("ProductDescription", e.description()).put("EncryptionType", e.encryptionType())
                .put("Region", "gz").put("ProductType", 0);
    }

    private String randomId() {
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return sb.toString();
    }
}
