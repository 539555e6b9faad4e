package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.ServiceStats;
import io.fleetstorm.tls.CertificateAuthority;
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
    private final FirmwareLinks firmwareLinks;
    private ApiServer api;
    private FirmwareUpload uploads;
    private volatile int apiPort = -1;

    HubServices(HubCore core, DeviceActivity activity, HubOptions options) {
        this.core = core;
        this.activity = activity;
        this.options = options;
        Downlink downlink = core::routeDownlink;
        shadow = new ShadowService(new ShadowStore(core.millisClock), downlink, counters, core.millisClock);
        firmwareLinks = new FirmwareLinks(this::baseUrl);
        FirmwareStore firmware = new FirmwareStore(options.firmwareDir(), options.firmwareBudgetBytes(),
                options.maxFirmwareBytes());
        counters.firmwareBytesStored = firmware::usedBytes;
        ota = new OtaService(downlink, counters, core.millisClock, core::isOnline, firmware, firmwareLinks);
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

    /**
     * Starts the API server unless its port is off; completes with its port (-1 when off).
     *
     * @param ca issues the certificates of devices created in certificate products
     */
    Future<Integer> startApi(Vertx vertx, CertificateAuthority ca) {
        if (options.apiPort() == HubOptions.DISABLED) {
            return Future.succeededFuture(-1);
        }
        Downlink downlink = core::routeDownlink;
        ApiLookup lookup = new ApiLookup(core.registry);
        api = new ApiServer(counters, new ApiAuthenticator(options.apiKeys(), core.millisClock),
                options.apiInsecure(), options.apiMaxBodyBytes());
        uploads = new FirmwareUpload(vertx, ota.firmware, firmwareLinks, counters);
        api.route(FirmwareLinks.DOWNLOAD_PREFIX, new FirmwareDownload(ota.firmware, firmwareLinks, counters)::handle)
                .route(FirmwareLinks.UPLOAD_PREFIX, uploads::handle);
        ProductCatalog catalog = new ProductCatalog();
        DeviceActions devices = new DeviceActions(core.registry, catalog, ca, core::isOnline, activity, ota::version,
                core.millisClock).onDeleted(id -> core.disconnect(id, io.fleetstorm.hub.CloseReason.DEVICE_DELETED));
        devices.register(api);
        new ProductActions(core.registry, catalog, core.millisClock).register(api);
        api.faults(core.faults);
        new ShadowActions(lookup, shadow).register(api);
        new MessageActions(vertx, lookup, downlink, core::isOnline, activity, rrpc).register(api);
        new OtaActions(vertx, lookup, ota, uploads, productId -> knownDeviceNames(devices, productId),
                core.millisClock).register(api);
        new OtaQueries(lookup, ota, core::isOnline).register(api);
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
            if (uploads != null) {
                uploads.close();
            }
            ota.firmware.close();
            resources.store.deleteAll();
            return Future.succeededFuture();
        });
    }

    /** Registered, connected and version-reporting devices of the product: the known targets of an OTA task. */
    private java.util.Collection<String> knownDeviceNames(DeviceActions devices, String productId) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        devices.known(productId).forEach(id -> names.add(id.deviceName()));
        names.addAll(ota.versionReporters(productId));
        return names;
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
