package io.fleetstorm.tls.impl;

import io.fleetstorm.tls.CertificateMatch;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A server-side trust manager that accepts any client chain whose leaf is within its validity period.
 *
 * <p>Device certificates are not checked against a CA here: the hub compares the leaf with the certificate registered
 * for the device at CONNECT, and the handshake has already proved possession of the matching private key.
 */
public final class AnyClientCertificateTrustManager extends X509ExtendedTrustManager {

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private final Clock clock;

    /** Checks validity periods against {@code clock}. */
    public AnyClientCertificateTrustManager(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("client sent no certificate");
        }
        Optional<String> invalid = CertificateMatch.checkValidity(chain[0], clock.instant());
        if (invalid.isPresent()) {
            throw new CertificateException("client " + invalid.get());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only checks client certificates; it never trusts a server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** Empty, so clients are not steered towards any issuer when choosing their certificate. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }
}
