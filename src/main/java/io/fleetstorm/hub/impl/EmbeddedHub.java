package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.Device;
import io.fleetstorm.hub.DeviceRegistry;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubDelivery;
import io.fleetstorm.hub.HubFaultStats;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.HubStartException;
import io.fleetstorm.hub.HubStats;
import io.fleetstorm.hub.Product;
import io.fleetstorm.hub.ProtocolStats;
import io.fleetstorm.hub.ServiceStats;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.tls.CertificateAuthority;
import io.fleetstorm.tls.TlsMaterial;
import io.netty.channel.unix.Errors;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.mqtt.MqttServerOptions;
import java.net.BindException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The {@link Hub}: shared {@link HubCore} plus one {@link MqttListenerVerticle} per event loop. */
public final class EmbeddedHub implements Hub {

    /** Room for the topic and headers on top of the payload limit, so oversize payloads reach our own check. */
    private static final int DECODER_HEADROOM_BYTES = 64 * 1024;

    private final HubOptions options;
    private final HubCore core;
    private final HubServices services;
    private final ServerTls tls;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final List<String> deployments = new ArrayList<>();
    private int mqttPort = -1;
    private int tlsPort = -1;
    private FaultTimers faultTimers;

    private EmbeddedHub(HubOptions options, HubCore core, HubServices services, ServerTls tls, Vertx vertx,
            boolean ownsVertx) {
        this.options = options;
        this.core = core;
        this.services = services;
        this.tls = tls;
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
    }

    /** Called by {@link io.fleetstorm.hub.HubBuilder#start()}. */
    public static Future<Hub> start(HubOptions options, List<Product> products, List<Device> devices) {
        DeviceActivity activity = new DeviceActivity();
        ActivityEvents events = new ActivityEvents(options.events(), activity, System::currentTimeMillis);
        HubCore core = new HubCore(options.limits(), events, System::currentTimeMillis);
        events.registry = core.registry;
        HubServices services = new HubServices(core, activity, options);
        core.script = options.script();
        core.productHostSuffix = options.productHostSuffix();
        core.faults = options.faults().isEmpty() ? FaultInjector.NONE
                : new FaultInjector(options.faults(), System.nanoTime());
        products.forEach(core.registry::addProduct);
        devices.forEach(core.registry::addDevice);
        ServerTls tls;
        try {
            tls = options.tlsPort() == HubOptions.DISABLED && options.certDir() == null && options.caCertFile() == null
                    ? new ServerTls(CertificateAuthority.generate("fleetstorm embedded hub CA"), null)
                    : ServerTls.load(options);
        } catch (HubStartException e) {
            return Future.failedFuture(e);
        }
        core.certificateAuthority = tls.ca();
        boolean owns = options.vertx() == null;
        Vertx vertx = owns ? Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(
                Math.max(options.eventLoops(), VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE))) : options.vertx();
        EmbeddedHub hub = new EmbeddedHub(options, core, services, tls, vertx, owns);
        // a promise made outside any Vert.x context: its listeners still run after the failure path closed Vert.x
        Promise<Hub> started = Promise.promise();
        hub.deploy().onComplete(ar -> {
            if (ar.succeeded()) {
                started.complete(hub);
                return;
            }
            started.fail(hub.startFailure(ar.cause()));
            if (owns) {
                vertx.close();
            } else {
                hub.stop();
            }
        });
        return started.future();
    }

    private Future<Void> deploy() {
        // Vert.x shares one random port among servers that listen on the same negative port value; 0 would give
        // every event loop its own port
        int tcp = options.mqttPort() == 0 ? -1 : options.mqttPort();
        int tls = options.tlsPort() == 0 ? -2 : options.tlsPort();
        List<MqttListenerVerticle> listeners = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < options.eventLoops(); i++) {
            MqttListenerVerticle listener = new MqttListenerVerticle(core,
                    options.mqttPort() == HubOptions.DISABLED ? null : tcpOptions(tcp),
                    options.tlsPort() == HubOptions.DISABLED ? null : tlsOptions(tls));
            listeners.add(listener);
            chain = chain.compose(v -> vertx.deployVerticle(listener, new DeploymentOptions())
                    .map(deployments::add).mapEmpty());
        }
        return chain.map(v -> {
            mqttPort = listeners.get(0).tcpPort();
            tlsPort = listeners.get(0).tlsPort();
            startFaults(listeners);
            return null;
        }).compose(v -> services.startApi(vertx, this.tls.ca())
                .recover(e -> Future.failedFuture(apiStartFailure(e)))).mapEmpty();
    }

    /** Fault windows count from here, once every listener is up. */
    private void startFaults(List<MqttListenerVerticle> listeners) {
        if (core.faults != FaultInjector.NONE) {
            core.faults.start(System.nanoTime());
        }
        faultTimers = new FaultTimers(vertx, core, listeners.stream().map(MqttListenerVerticle::loop).toList());
        faultTimers.start();
    }

    private HubStartException apiStartFailure(Throwable failure) {
        String inUse = addressInUse(failure);
        if (inUse != null) {
            return new HubStartException("API port " + options.apiPort() + " on " + options.host()
                    + " is not available (" + inUse + ")", failure);
        }
        return new HubStartException("API server did not start: " + failure, failure);
    }

    private MqttServerOptions tcpOptions(int port) {
        MqttServerOptions o = new MqttServerOptions();
        o.setHost(options.host()).setPort(port);
        return common(o);
    }

    private MqttServerOptions tlsOptions(int port) {
        MqttServerOptions o = new MqttServerOptions();
        o.setHost(options.host()).setPort(port);
        o.setSsl(true)
                .setKeyCertOptions(TlsMaterial.keyCertOptions(tls.server()))
                .setTrustOptions(TlsMaterial.acceptAnyClientCertificate())
                .setClientAuth(ClientAuth.REQUEST);
        o.setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
        o.setSslEngineOptions(new PskEngineOptions(core::pskKey));
        return common(o);
    }

    private MqttServerOptions common(MqttServerOptions o) {
        o.setMaxMessageSize(options.limits().maxPayloadBytes() + DECODER_HEADROOM_BYTES);
        o.setMaxClientIdLength(128);
        o.setTimeoutOnConnect(30);
        return o;
    }

    private HubStartException startFailure(Throwable failure) {
        if (failure instanceof HubStartException e) {
            return e;
        }
        String inUse = addressInUse(failure);
        if (inUse != null) {
            String which = options.tlsPort() == HubOptions.DISABLED ? "MQTT/TCP port " + options.mqttPort()
                    : options.mqttPort() == HubOptions.DISABLED ? "MQTT/TLS port " + options.tlsPort()
                    : "MQTT/TCP port " + options.mqttPort() + " or MQTT/TLS port " + options.tlsPort();
            return new HubStartException(which + " on " + options.host() + " is not available (" + inUse + ")",
                    failure);
        }
        return new HubStartException("hub did not start: " + failure, failure);
    }

    /**
     * The reason if a bind failed because the address is taken, else null: the JDK's BindException (NIO transport)
     * or the epoll transport's native error for EADDRINUSE (errno 98 on Linux), told the same way.
     */
    static String addressInUse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException) {
                return t.getMessage();
            }
            if (t instanceof Errors.NativeIoException e && e.expectedErr() == -EADDRINUSE) {
                return "Address already in use";
            }
        }
        return null;
    }

    /** Linux's errno for "Address already in use" (the epoll transport runs on Linux only). */
    private static final int EADDRINUSE = 98;

    @Override
    public int mqttPort() {
        return mqttPort;
    }

    @Override
    public int tlsPort() {
        return tlsPort;
    }

    @Override
    public int apiPort() {
        return services.apiPort();
    }

    @Override
    public List<io.fleetstorm.hub.ApiKey> apiKeys() {
        return options.apiKeys();
    }

    @Override
    public DeviceRegistry registry() {
        return core.registry;
    }

    @Override
    public CertificateAuthority certificateAuthority() {
        return tls.ca();
    }

    @Override
    public X509Certificate serverCertificate() {
        return tls.server() == null ? null : tls.server().certificate();
    }

    @Override
    public HubStats stats() {
        return core.stats();
    }

    @Override
    public ServiceStats serviceStats() {
        return services.stats();
    }

    @Override
    public io.fleetstorm.hub.FeatureStats featureStats() {
        return core.features.snapshot(core.gateways.topology.bindings(), core.gateways.subDevicesOnline());
    }

    @Override
    public HubFaultStats faultStats() {
        return core.faults.stats(System.nanoTime());
    }

    @Override
    public ProtocolStats protocolStats() {
        return core.violations.stats();
    }

    @Override
    public boolean isOnline(DeviceId id) {
        return core.isOnline(id);
    }

    @Override
    public HubDelivery publish(String topic, byte[] payload, int qos) {
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("qos must be 0 or 1, but was " + qos);
        }
        return core.routeDownlink(topic, payload, qos);
    }

    /** The Vert.x instance the hub runs on (for services deployed beside it). */
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public Future<Void> stop() {
        core.stopping = true;
        if (faultTimers != null) {
            faultTimers.stop();
        }
        List<Future<Void>> undeployed = new ArrayList<>();
        for (String id : deployments) {
            undeployed.add(vertx.undeploy(id));
        }
        deployments.clear();
        undeployed.add(services.stopApi());
        Future<Void> all = Future.join(undeployed).mapEmpty();
        return ownsVertx ? all.eventually(vertx::close) : all;
    }

    @Override
    public void close() {
        try {
            stop().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("hub did not stop within 10 s: " + e, e);
        }
    }
}
