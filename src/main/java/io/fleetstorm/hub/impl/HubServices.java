package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.ServiceStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The services beside the MQTT core (shadow, time sync, OTA, RRPC) and the application API that drives them; the
 * services are registered with the core here.
 */
final class HubServices {

    final ServiceCounters counters = new ServiceCounters();
    final ShadowService shadow;
    final OtaService ota;
    private final HubCore core;
    private final DeviceActivity activity;
    private final RrpcService rrpc;
    final ConfigService config;
    final ResourceService resources;
    private final HubOptions options;
    private ApiServer api;
    private volatile int apiPort = -1;

    HubServices(HubCore core, DeviceActivity activity, HubOptions options) {
        this.core = core;
        this.activity = activity;
        this.options = options;
        Downlink downlink = core::routeDownlink;
        shadow = new ShadowService(new ShadowStore(core.millisClock), downlink, counters, core.millisClock);
        ota = new OtaService(downlink, counters, core.millisClock, core::isOnline, this::baseUrl);
        rrpc = new RrpcService(downlink, counters);
        core.addService(shadow);
        core.addService(new TimeSyncService(downlink, counters, core.millisClock));
        core.addService(ota);
        core.addService(rrpc);
        config = new ConfigService(downlink, core.features, this::onlineDevices);
        core.addService(config);
        resources = new ResourceService(new ResourceStore(ResourceStore.DEFAULT_BUDGET_BYTES), downlink,
                core.features, core.millisClock, this::baseUrl);
        core.addService(resources);
    }

    /** Starts the API server unless its port is off; completes with its port (-1 when off). */
    Future<Integer> startApi(Vertx vertx) {
        if (options.apiPort() == HubOptions.DISABLED) {
            return Future.succeededFuture(-1);
        }
        Downlink downlink = core::routeDownlink;
        ApiLookup lookup = new ApiLookup(core.registry);
        api = new ApiServer(counters, new FirmwareDownload(ota.firmware, counters));
        new DeviceActions(core.registry, core::isOnline, activity, ota::version).register(api);
        new ShadowActions(lookup, shadow).register(api);
        new MessageActions(vertx, lookup, downlink, core::isOnline, activity, rrpc).register(api);
        new OtaActions(lookup, ota, this::baseUrl).register(api);
        new GatewayActions(core.registry, core.gateways, core::isOnline).register(api);
        new RegistrationActions(core.registry).register(api);
        new DynamicRegistrationEndpoint(core).register(api);
        new ConfigActions(lookup, config).register(api);
        new ResourceActions(core.registry, resources).register(api);
        new ResourceHttp(vertx, resources, core.features, core.millisClock).register(api);
        return api.listen(vertx, options.host(), options.apiPort()).map(port -> {
            apiPort = port;
            return port;
        });
    }

    Future<Void> stopApi() {
        Future<Void> closed = api == null ? Future.succeededFuture() : api.close();
        return closed.eventually(() -> {
            resources.store.deleteAll();
            return Future.succeededFuture();
        });
    }

    int apiPort() {
        return apiPort;
    }

    /** Where devices download firmware: the API server, at 127.0.0.1 when it listens on every address. */
    private String baseUrl() {
        String host = options.host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + apiPort;
    }

    /** Devices of the product online now: those that ever logged in (directly or through a gateway) and still are. */
    private java.util.List<io.fleetstorm.protocol.DeviceId> onlineDevices(String productId) {
        return activity.everConnected(productId).stream().filter(core::isOnline).toList();
    }

    ServiceStats stats() {
        return counters.snapshot();
    }
}
