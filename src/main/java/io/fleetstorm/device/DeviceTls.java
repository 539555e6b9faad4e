package io.fleetstorm.device;

import io.fleetstorm.tls.CertifiedKey;
import io.fleetstorm.tls.TlsMaterial;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for the devices of one event loop: one JSSE context shared by every device, whose key manager hands each
 * handshake the certificate of the device that opened it. A certificate device thus costs its certificate and key
 * objects, not an SSL context of its own (which would cost tens of KB and milliseconds per connect).
 */
public final class DeviceTls {

    private final SSLContext context;
    private final boolean verifyHostname;
    /** Handshakes in progress: engine -> alias -> device key; touched only by this loop's thread. */
    private final Map<SSLEngine, String> engineAliases = new IdentityHashMap<>();
    private final Map<String, CertifiedKey> byAlias = new HashMap<>();
    private int aliasSeq;

    /**
     * @param trusted  CAs that may sign the hub's certificate
     * @param insecure accept any server certificate (an explicit user choice; verification is on by default)
     */
    public DeviceTls(List<X509Certificate> trusted, boolean insecure) {
        this.verifyHostname = !insecure;
        try {
            context = SSLContext.getInstance("TLS");
            TrustManager trust = insecure ? new TrustAnything() : TlsMaterial.trustManager(trusted);
            context.init(new X509ExtendedKeyManager[] {new PerDeviceKeyManager()}, new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up device TLS: " + e, e);
        }
    }

    /** A handler for one connection; {@code key} is the device's certificate, or null for a key device. */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port, CertifiedKey key) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        if (verifyHostname) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(params);
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
