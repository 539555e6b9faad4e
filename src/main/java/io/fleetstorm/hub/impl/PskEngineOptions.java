package io.fleetstorm.hub.impl;

import io.fleetstorm.tls.PskKeyLookup;
import io.fleetstorm.tls.PskTls;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS listener's engine options: the JDK's engines for certificate TLS, wrapped so that a ClientHello offering
 * a PSK suite is served by TLS-PSK on the same port (the C SDK's key devices over TLS).
 */
final class PskEngineOptions extends SSLEngineOptions {

    private final PskKeyLookup keys;

    PskEngineOptions(PskKeyLookup keys) {
        this.keys = keys;
    }

    @Override
    public SSLEngineOptions copy() {
        return new PskEngineOptions(keys);
    }

    @Override
    public SslContextFactory sslContextFactory() {
        SslContextFactory jdk = new JdkSSLEngineOptions().sslContextFactory();
        return new SslContextFactory() {
            private boolean client;

            @Override
            public SslContextFactory useAlpn(boolean useAlpn) {
                jdk.useAlpn(useAlpn);
                return this;
            }

            @Override
            public SslContextFactory clientAuth(ClientAuth clientAuth) {
                jdk.clientAuth(clientAuth);
                return this;
            }

            @Override
            public SslContextFactory forClient(boolean forClient) {
                client = forClient;
                jdk.forClient(forClient);
                return this;
            }

            @Override
            public SslContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
                jdk.keyMananagerFactory(kmf);
                return this;
            }

            @Override
            public SslContextFactory trustManagerFactory(TrustManagerFactory tmf) {
                jdk.trustManagerFactory(tmf);
                return this;
            }

            @Override
            public SslContextFactory enabledCipherSuites(Set<String> cipherSuites) {
                jdk.enabledCipherSuites(cipherSuites);
                return this;
            }

            @Override
            public SslContextFactory applicationProtocols(List<String> protocols) {
                jdk.applicationProtocols(protocols);
                return this;
            }

            @Override
            public SslContextFactory serverName(String serverName) {
                jdk.serverName(serverName);
                return this;
            }

            @Override
            public SslContext create() throws SSLException {
                SslContext certificates = jdk.create();
                return client ? certificates : PskTls.serverContext(certificates, keys);
            }
        };
    }
}
