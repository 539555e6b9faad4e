package io.fleetstorm.hub.impl;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * Creates a vertx-mqtt server that hands every accepted connection's Netty pipeline to a callback before its first
 * packet is read.
 *
 * <p>vertx-mqtt shows a connection to its user only once CONNECT arrived; whatever a client sends before (garbage, a
 * PUBLISH) ends in its own code, which logs a stack trace per connection, and sockets that never send CONNECT are
 * invisible. It builds its pipeline in the connect handler of a {@link NetServer} it creates with
 * {@link Vertx#createNetServer(NetServerOptions)}; that one call is intercepted here, so the callback runs right
 * after vertx-mqtt's pipeline set-up, on the connection's event loop. Nothing else of Vert.x is changed: every other
 * call goes to the real instance. {@link #create} fails at once if a vertx-mqtt version stops creating its server
 * this way, rather than silently losing the hook.
 */
final class AcceptHook {

    private AcceptHook() {
    }

    static MqttServer create(Vertx vertx, MqttServerOptions options, Consumer<ChannelPipeline> onAccept) {
        boolean[] hooked = new boolean[1];
        InvocationHandler vertxCalls = (proxy, method, args) -> {
            if (method.getName().equals("createNetServer") && args != null && args.length == 1
                    && args[0] instanceof NetServerOptions o) {
                hooked[0] = true;
                return hooked(vertx.createNetServer(o), onAccept);
            }
            return forward(vertx, method, args);
        };
        Vertx intercepting = (Vertx) Proxy.newProxyInstance(AcceptHook.class.getClassLoader(),
                new Class<?>[] {VertxInternal.class}, vertxCalls);
        MqttServer server = MqttServer.create(intercepting, options);
        if (!hooked[0]) {
            throw new IllegalStateException("vertx-mqtt did not create its server through Vertx.createNetServer: "
                    + "the hub cannot see connections before CONNECT with this vertx-mqtt version");
        }
        return server;
    }

    private static NetServer hooked(NetServer real, Consumer<ChannelPipeline> onAccept) {
        InvocationHandler serverCalls = (proxy, method, args) -> {
            if (method.getName().equals("connectHandler") && args != null && args.length == 1) {
                @SuppressWarnings("unchecked")
                Handler<NetSocket> mqtt = (Handler<NetSocket>) args[0];
                real.connectHandler(mqtt == null ? null : socket -> {
                    mqtt.handle(socket);
                    onAccept.accept(((NetSocketInternal) socket).channelHandlerContext().pipeline());
                });
                return proxy;
            }
            return forward(real, method, args);
        };
        return (NetServer) Proxy.newProxyInstance(AcceptHook.class.getClassLoader(), new Class<?>[] {NetServer.class},
                serverCalls);
    }

    private static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
