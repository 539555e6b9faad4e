package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DeviceId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * BindDevices, UnbindDevices and DescribeGatewayBindDevices (addendum section 18): the application side of the
 * gateway topology, with the cloud's error codes of section 11.
 */
final class GatewayActions {

    /** Sub-devices one BindDevices or UnbindDevices call may name (the cloud's per-call cap is not documented). */
    static final int MAX_PER_CALL = 100;
    static final String NOT_GATEWAY = "InvalidParameterValue.DeviceIsNotGateway";
    static final String PRODUCT_NOT_BOUND = "FailedOperation.ProductNotBind";
    static final String OVER_LIMIT = "FailedOperation.BindDeviceOverLimit";
    static final String PER_CALL_OVER_LIMIT = "FailedOperation.BindDevicePerOnceOverLimit";
    static final String BOUND_ELSEWHERE = "UnauthorizedOperation.DeviceHasAlreadyBindGateway";

    private final InMemoryDeviceRegistry registry;
    private final ApiLookup lookup;
    private final Gateways gateways;
    private final Predicate<DeviceId> online;

    GatewayActions(InMemoryDeviceRegistry registry, Gateways gateways, Predicate<DeviceId> online) {
        this.registry = registry;
        this.lookup = new ApiLookup(registry);
        this.gateways = gateways;
        this.online = online;
    }

    void register(ApiServer api) {
        api.action("BindDevices", ApiAction.sync(this::bind))
                .action("UnbindDevices", ApiAction.sync(this::unbind))
                .action("DescribeGatewayBindDevices", ApiAction.sync(this::describe));
    }

    private JsonObject bind(ApiParams params) {
        DeviceId gateway = gateway(params);
        List<DeviceId> subs = subDevices(params, gateway);
        // all or nothing: every device is checked before the first is bound
        synchronized (gateways.topology) {
            int added = 0;
            for (DeviceId sub : subs) {
                switch (gateways.topology.check(gateway, sub)) {
                    case ELSEWHERE -> throw new ApiException(BOUND_ELSEWHERE, "The device `" + sub.productId() + "/"
                            + sub.deviceName() + "` is bound to another gateway.");
                    case BOUND, LIMIT -> added++;
                    case ALREADY_HERE -> {
                    }
                }
            }
            int limit = gateways.topology.maxPerGateway();
            if (gateways.topology.count(gateway) + added > limit) {
                throw new ApiException(OVER_LIMIT, "A gateway may have at most " + limit + " sub-devices; `"
                        + gateway.productId() + "/" + gateway.deviceName() + "` has "
                        + gateways.topology.count(gateway) + " and the call adds " + added + ".");
            }
            List<DeviceId> bound = new ArrayList<>();
            for (DeviceId sub : subs) {
                if (gateways.topology.bind(gateway, sub) == GatewayTopology.Bind.BOUND) {
                    bound.add(sub);
                }
            }
            gateways.boundByApplication(gateway, bound);
        }
        return new JsonObject();
    }

    /** Sub-devices not bound to this gateway are skipped: unbinding is idempotent. */
    private JsonObject unbind(ApiParams params) {
        DeviceId gateway = gateway(params);
        List<DeviceId> subs = subDevices(params, gateway);
        List<DeviceId> unbound = new ArrayList<>();
        for (DeviceId sub : subs) {
            if (gateways.topology.unbind(gateway, sub)) {
                unbound.add(sub);
            }
        }
        gateways.unboundByApplication(gateway, unbound);
        return new JsonObject();
    }

    /** ProductId filters by sub-product when given; Offset and Limit page the list (Limit 1..100, default 10). */
    private JsonObject describe(ApiParams params) {
        DeviceId gateway = gateway(params);
        String productId = params.optionalString("ProductId");
        Long offset = params.optionalInteger("Offset");
        Long limit = params.optionalInteger("Limit");
        if (offset != null && offset < 0) {
            throw ApiException.invalidValue("Offset", "must be >= 0, but was " + offset);
        }
        if (limit != null && (limit < 1 || limit > 100)) {
            throw ApiException.invalidValue("Limit", "must be 1..100, but was " + limit);
        }
        List<DeviceId> all = gateways.topology.subDevices(gateway).stream()
                .filter(d -> productId == null || productId.isEmpty() || d.productId().equals(productId)).toList();
        int from = (int) Math.min(all.size(), offset == null ? 0 : offset);
        int to = (int) Math.min(all.size(), from + (limit == null ? 10 : limit));
        JsonArray devices = new JsonArray();
        for (DeviceId d : all.subList(from, to)) {
            devices.add(new JsonObject().put("ProductId", d.productId()).put("DeviceName", d.deviceName())
                    .put("Online", online.test(d) ? 1 : 0));
        }
        return new JsonObject().put("GatewayProductId", gateway.productId())
                .put("GatewayDeviceName", gateway.deviceName()).put("TotalCount", all.size())
                .put("Devices", devices).put("ProductName", productId == null ? "" : productId);
    }

    /** GatewayProductId and GatewayDeviceName of an existing device of a gateway product. */
    private DeviceId gateway(ApiParams params) {
        String productId = params.string("GatewayProductId");
        Product product = registry.product(productId).orElseThrow(() -> new ApiException(
                ApiException.PRODUCT_NOT_EXIST, "The product `" + productId + "` does not exist."));
        String name = params.string("GatewayDeviceName");
        if (!DeviceId.isValidDeviceName(name)) {
            throw ApiException.invalidValue("GatewayDeviceName", "must match " + DeviceId.DEVICE_NAME_RULE
                    + ", but was \"" + name + "\"");
        }
        DeviceId id = new DeviceId(productId, name);
        if (registry.device(id).isEmpty()) {
            throw new ApiException(ApiException.DEVICE_NOT_EXIST, "The device `" + productId + "/" + name
                    + "` does not exist.");
        }
        if (!product.gateway()) {
            throw new ApiException(NOT_GATEWAY, "The product `" + productId + "` is not a gateway product.");
        }
        return id;
    }

    /** ProductId + DeviceNames: existing, non-gateway devices of a sub-product the gateway's product lists. */
    private List<DeviceId> subDevices(ApiParams params, DeviceId gateway) {
        Product product = lookup.product(params);
        if (!registry.product(gateway.productId()).orElseThrow().subProducts().contains(product.productId())) {
            throw new ApiException(PRODUCT_NOT_BOUND, "The gateway product `" + gateway.productId()
                    + "` does not list `" + product.productId() + "` as a sub-product.");
        }
        List<String> names = params.optionalStringList("DeviceNames");
        if (names == null) {
            throw ApiException.missing("DeviceNames");
        }
        if (names.isEmpty()) {
            throw ApiException.invalidValue("DeviceNames", "must name at least one device");
        }
        if (names.size() > MAX_PER_CALL) {
            throw new ApiException(PER_CALL_OVER_LIMIT, "One call may name at most " + MAX_PER_CALL
                    + " devices, but named " + names.size() + ".");
        }
        LinkedHashSet<DeviceId> subs = new LinkedHashSet<>();
        for (String name : names) {
            if (!DeviceId.isValidDeviceName(name)) {
                throw ApiException.invalidValue("DeviceNames", "must hold device names matching "
                        + DeviceId.DEVICE_NAME_RULE + ", but has \"" + name + "\"");
            }
            DeviceId id = new DeviceId(product.productId(), name);
            if (registry.device(id).isEmpty()) {
                throw new ApiException(ApiException.DEVICE_NOT_EXIST, "The device `" + product.productId() + "/"
                        + name + "` does not exist.");
            }
            subs.add(id);
        }
        if (product.gateway()) {
            throw new ApiException(ApiException.INVALID_PARAMETER_VALUE, "The devices of `" + product.productId()
                    + "` are gateways, which cannot be sub-devices.");
        }
        return new ArrayList<>(subs);
    }
}
