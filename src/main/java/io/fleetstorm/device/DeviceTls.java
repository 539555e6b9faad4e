package io.fleetstorm.device;

import io.fleetstorm.tls.CertifiedKey;
import io.fleetstorm.tls.TlsMaterial;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for the devices of one event loop: one context shared by every device, whose key manager hands each
 * handshake the certificate of the device that opened it. A certificate device thus costs its certificate and key
 * objects, not an SSL context of its own (which would cost tens of KB and milliseconds per connect).
 *
 * <p>The handshakes run in OpenSSL (BoringSSL through netty-tcnative) when it loads, else in the JDK: the JDK's
 * pure-Java elliptic curves cost a plain-TCP connect's CPU many times over per handshake, and its engine keeps
 * the session state on the heap (issue 8 profile). The server certificate is checked by the same JDK trust manager
 * either way, so verification does not depend on the provider.
 */
public final class DeviceTls {

    private final SslContext context;
    private final String provider;
    private final boolean purgeSessions;
    /** Handshakes in progress: engine -> alias -> device key; touched only by this loop's thread. */
    private final Map<SSLEngine, String> engineAliases = new IdentityHashMap<>();
    private final Map<String, CertifiedKey> byAlias = new HashMap<>();
    private int aliasSeq;

    /**
     * @param trusted  CAs that may sign the hub's certificate
     * @param insecure accept any server certificate (an explicit user choice; verification is on by default)
     */
    public DeviceTls(List<X509Certificate> trusted, boolean insecure) {
        this(trusted, insecure, OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
    }

    DeviceTls(List<X509Certificate> trusted, boolean insecure, SslProvider sslProvider) {
        try {
            TrustManager trust = insecure ? new TrustAnything() : TlsMaterial.trustManager(trusted);
            context = SslContextBuilder.forClient()
                    .sslProvider(sslProvider)
                    .keyManager(new PerDeviceKeyManager())
                    .trustManager(trust)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .endpointIdentificationAlgorithm(insecure ? null : "HTTPS")
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up device TLS: " + e, e);
        }
        // No session resumption: the context is shared by the loop's devices, and a resumed session carries the
        // first device's certificate (the hub would see device B as device A); a real fleet shares no sessions
        // either, so every connect pays a full handshake, as the devices it stands for do.
        // (BoringSSL: no cache; the JDK has no switch for its client cache, so it is emptied before each handshake)
        if (context.sessionContext() instanceof OpenSslSessionContext openSsl) {
            openSsl.setSessionCacheEnabled(false);
            purgeSessions = false;
        } else {
            purgeSessions = true;
        }
        provider = sslProvider == SslProvider.OPENSSL ? OpenSsl.versionString() : "JDK";
    }

    /** Which TLS implementation handshakes: the OpenSSL version string, or "JDK". */
    public String provider() {
        return provider;
    }

    /** A handler for one connection; {@code key} is the device's certificate, or null for a key device. */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port, CertifiedKey key) {
        if (purgeSessions) {
            SSLSessionContext sessions = context.sessionContext();
            for (Enumeration<byte[]> ids = sessions.getIds(); ids.hasMoreElements(); ) {
                SSLSession cached = sessions.getSession(ids.nextElement());
                if (cached != null) {
                    cached.invalidate();
                }
            }
        }
        SSLEngine engine = context.newEngine(alloc, host, port);
        SslHandler handler = new SslHandler(engine);
        if (key != null) {
            String alias = "d" + aliasSeq++;
            byAlias.put(alias, key);
            engineAliases.put(engine, alias);
            handler.handshakeFuture().addListener(f -> {
                byAlias.remove(engineAliases.remove(engine));
            });
        }
        return handler;
    }

    /** Picks the key of the device whose engine is handshaking. */
    private final class PerDeviceKeyManager extends X509ExtendedKeyManager {

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return engineAliases.get(engine);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            CertifiedKey key = byAlias.get(alias);
            return key == null ? null : key.chain().toArray(new X509Certificate[0]);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            CertifiedKey key = byAlias.get(alias);
            return key == null ? null : key.privateKey();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /** The explicit insecure switch: no server certificate check at all. */
    private static final class TrustAnything extends X509ExtendedTrustManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
