package io.fleetstorm.hub.impl;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's share of the hub: an MQTT/TCP and an MQTT/TLS server on the shared ports (Vert.x spreads
 * accepted connections over the verticles listening on the same port).
 */
final class MqttListenerVerticle extends VerticleBase {

    private final HubCore core;
    private final ConnectAuthenticator authenticator;
    private final MqttServerOptions tcpOptions;
    private final MqttServerOptions tlsOptions;
    private MqttServer tcpServer;
    private MqttServer tlsServer;
    private ListenerLoop loop;

    /** @param tcpOptions or null when TCP is off; @param tlsOptions or null when TLS is off */
    MqttListenerVerticle(HubCore core, MqttServerOptions tcpOptions, MqttServerOptions tlsOptions) {
        this.core = core;
        this.authenticator = new ConnectAuthenticator(core.registry, core.limits);
        this.tcpOptions = tcpOptions;
        this.tlsOptions = tlsOptions;
    }

    @Override
    public Future<?> start() {
        List<Future<MqttServer>> listening = new ArrayList<>(2);
        loop = new ListenerLoop(core, context);
        if (tcpOptions != null) {
            tcpServer = AcceptHook.create(vertx, tcpOptions, pipeline -> ConnectionGuard.install(pipeline, loop));
            listening.add(tcpServer.endpointHandler(this::accept).listen());
        }
        if (tlsOptions != null) {
            tlsServer = AcceptHook.create(vertx, tlsOptions, pipeline -> ConnectionGuard.install(pipeline, loop));
            listening.add(tlsServer.endpointHandler(this::accept).listen());
        }
        return Future.all(listening);
    }

    private void accept(io.vertx.mqtt.MqttEndpoint endpoint) {
        ConnectionGuard guard = loop.connecting;
        DeviceConnection connection = new DeviceConnection(core, authenticator, endpoint, context);
        connection.handleConnect();
        if (guard != null) {
            guard.attach(connection);
        }
    }

    /** This loop's connections, for the hub-wide fault timers. */
    ListenerLoop loop() {
        return loop;
    }

    int tcpPort() {
        return tcpServer == null ? -1 : tcpServer.actualPort();
    }

    int tlsPort() {
        return tlsServer == null ? -1 : tlsServer.actualPort();
    }
}
