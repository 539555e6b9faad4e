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
    }

    /** Starts the API server unless its port is off; completes with its port (-1 when off). */
    Future<Integer> startApi(Vertx vertx) {
        if (options.apiPort() == HubOptions.DISABLED) {
            return Future.succeededFuture(-1);
        }
        Downlink downlink = core::routeDownlink;
        ApiLookup lookup = new ApiLookup(core.registry);
        api = new ApiServer(counters, new FirmwareDownload(ota.firmware, counters));
        api.faults(core.faults);
        new DeviceActions(core.registry, core::isOnline, activity, ota::version).register(api);
        new ShadowActions(lookup, shadow).register(api);
        new MessageActions(vertx, lookup, downlink, core::isOnline, activity, rrpc).register(api);
        new OtaActions(lookup, ota, this::baseUrl).register(api);
        return api.listen(vertx, options.host(), options.apiPort()).map(port -> {
            apiPort = port;
            return port;
        });
    }

    Future<Void> stopApi() {
        return api == null ? Future.succeededFuture() : api.close();
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

    ServiceStats stats() {
        return counters.snapshot();
    }
}
