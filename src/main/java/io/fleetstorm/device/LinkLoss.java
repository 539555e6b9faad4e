package io.fleetstorm.device;

import io.netty.channel.Channel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslHandler;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why a device lost its link or failed to get one; its {@link #reason()} is the error reason a failed connect attempt
 * is counted under (kind {@code connect}). Every loss ends in the device's one {@code onLinkLost} entry, which decides
 * the back-off.
 */
enum LinkLoss {
    /** Nothing listens on the target's port (RST to the SYN). */
    REFUSED("refused"),
    /** The peer reset the connection. */
    RESET("reset"),
    /** The TCP connect did not complete in time (SYN unanswered). */
    CONNECT_TIMEOUT("timeout"),
    /** No route to the target. */
    UNREACHABLE("unreachable"),
    /** The TLS handshake failed (certificate refused, alert, closed during the handshake). */
    TLS("tls"),
    /** CONNACK with a non-zero return code (the reason names the code, e.g. {@code connack_0x03}). */
    CONNACK_REFUSED("connack"),
    /** Connected, but no CONNACK within the profile's CONNACK timeout. */
    CONNACK_TIMEOUT("connack_timeout"),
    /** The peer closed the connection before its CONNACK. */
    CLOSED_BEFORE_CONNACK("closed_before_connack"),
    /** The peer closed an established connection. */
    CLOSED("closed"),
    /** Two PINGREQs went unanswered: the link is dead. */
    KEEPALIVE("keepalive"),
    /** The peer sent bytes that are not MQTT. */
    MALFORMED("malformed_packet"),
    /** Another I/O failure. */
    IO("io"),
    /** A reconnect storm dropped the device (the scenario's plan, not the target's doing). */
    DROPPED("dropped"),
    /** The device disconnected on purpose (the end of the run). */
    DISCONNECTED("disconnected");

    private final String reason;

    LinkLoss(String reason) {
        this.reason = reason;
    }

    String reason() {
        return reason;
    }

    /** What a connect attempt that passed its CONNACK deadline was stuck in: TCP, the TLS handshake, or the CONNACK. */
    static LinkLoss atDeadline(Channel channel) {
        if (channel == null || !channel.isActive()) {
            return CONNECT_TIMEOUT;
        }
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        return ssl != null && !ssl.handshakeFuture().isDone() ? TLS : CONNACK_TIMEOUT;
    }

    /** The loss a failed connect future or a pipeline exception stands for. */
    static LinkLoss of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return TLS;
            }
            if (t instanceof ConnectTimeoutException) {
                return CONNECT_TIMEOUT;
            }
            if (t instanceof NoRouteToHostException || t instanceof PortUnreachableException) {
                return UNREACHABLE;
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("connection reset") || message.contains("broken pipe")) {
                return RESET;
            }
            if (message.contains("connection refused")) {
                return REFUSED;
            }
            if (message.contains("no route") || message.contains("unreachable")) {
                return UNREACHABLE;
            }
            if (message.contains("timed out")) {
                return CONNECT_TIMEOUT;
            }
            if (t instanceof ConnectException) {
                return REFUSED;
            }
        }
        return IO;
    }
}
