package io.fleetstorm.hub.impl;

import io.vertx.mqtt.MqttEndpoint;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;

/**
 * The check of a hub impersonating the cloud's per-product hosts ({@code {productId}.iotcloud.tencentdevices.com}):
 * a device over TLS must have named the host of its own product in its ClientHello (SNI), as a device of the real
 * cloud reaches its product's host and no other. Plain TCP and hubs without the suffix are not checked.
 */
final class ProductHost {

    private ProductHost() {
    }

    /** Whether the connection may go on: no suffix, not TLS, or the SNI is {@code productId.suffix}. */
    static boolean indicated(String suffix, MqttEndpoint endpoint, String productId) {
        if (suffix == null || !endpoint.isSsl()) {
            return true;
        }
        return productId.toLowerCase(Locale.ROOT).concat(".").concat(suffix)
                .equals(serverName(endpoint.sslSession()));
    }

    /** The host name the client indicated, lower case, or null when it sent none (or the session cannot say). */
    static String serverName(SSLSession session) {
        if (!(session instanceof ExtendedSSLSession extended)) {
            return null;
        }
        List<SNIServerName> names;
        try {
            names = extended.getRequestedServerNames();
        } catch (UnsupportedOperationException e) {
            return null;
        }
        for (SNIServerName name : names) {
            if (name instanceof SNIHostName host) {
                return host.getAsciiName().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }
}
