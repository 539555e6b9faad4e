package io.fleetstorm.tls;

import io.fleetstorm.tls.impl.AnyClientCertificateTrustManager;
import io.fleetstorm.tls.impl.SingleKeyManager;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * Adapters from certified keys and certificates to Vert.x TLS options and plain JSSE contexts.
 */
public final class TlsMaterial {

    private TlsMaterial() {
    }

    /**
     * Vert.x key options presenting {@code key} and its chain, backed by the key's own objects (no PEM, no KeyStore),
     * which keeps per-device memory to the certificate and private key.
     */
    public static KeyCertOptions keyCertOptions(CertifiedKey key) {
        return KeyCertOptions.wrap(keyManager(key));
    }

    /** As {@link #keyCertOptions}, but as in-memory PEM values, for code that needs to copy or serialise options. */
    public static PemKeyCertOptions pemKeyCertOptions(CertifiedKey key) {
        return new PemKeyCertOptions()
                .addCertValue(Buffer.buffer(PemFiles.toPem(key.chain())))
                .addKeyValue(Buffer.buffer(PemFiles.toPem(key.privateKey())));
    }

    /** A JSSE key manager offering exactly {@code key}, whatever issuers the peer asks for. */
    public static X509ExtendedKeyManager keyManager(CertifiedKey key) {
        return new SingleKeyManager(key);
    }

    /** Vert.x trust options that trust exactly the given certificates (usually CA certificates). */
    public static TrustOptions trustOptions(List<X509Certificate> trusted) {
        requireNotEmpty(trusted);
        PemTrustOptions options = new PemTrustOptions();
        trusted.forEach(certificate -> options.addCertValue(Buffer.buffer(PemFiles.toPem(certificate))));
        return options;
    }

    /**
     * Server-side trust options accepting any client certificate whose leaf is within its validity period.
     *
     * <p>For the hub with {@code ClientAuth.REQUIRED}: the handshake proves the client holds the private key, and the
     * hub then checks at CONNECT that the leaf is exactly the certificate registered for the device. The accepted
     * issuers list is empty and any attempt to use it to trust a server fails.
     */
    public static TrustOptions acceptAnyClientCertificate() {
        return acceptAnyClientCertificate(Clock.systemUTC());
    }

    /** As {@link #acceptAnyClientCertificate()}, checking validity against {@code clock}. */
    public static TrustOptions acceptAnyClientCertificate(Clock clock) {
        return TrustOptions.wrap(new AnyClientCertificateTrustManager(clock));
    }

    /** A PKIX trust manager trusting exactly the given certificates as anchors. */
    public static X509TrustManager trustManager(List<X509Certificate> trusted) {
        requireNotEmpty(trusted);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                store.setCertificateEntry("trusted-" + i, trusted.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the default TrustManagerFactory returned no X509TrustManager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust manager", e);
        }
    }

    /**
     * A plain JSSE client context (for Eclipse Paho and simple clients) presenting {@code clientKeyOrNull} when not
     * null and trusting servers whose chain leads to one of {@code trusted}.
     */
    public static SSLContext clientContext(CertifiedKey clientKeyOrNull, List<X509Certificate> trusted) {
        KeyManager[] keyManagers = clientKeyOrNull == null ? null : new KeyManager[] {keyManager(clientKeyOrNull)};
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, new TrustManager[] {trustManager(trusted)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS client context", e);
        }
    }

    private static void requireNotEmpty(List<X509Certificate> trusted) {
        if (trusted == null || trusted.isEmpty()) {
            throw new IllegalArgumentException("trusted certificates must not be empty");
        }
    }
}
