package io.fleetstorm.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A certificate with its private key and the chain presented in a TLS handshake.
 *
 * <p>Kept deliberately small: virtual devices hold one of these each, and issuers in the chain are shared references.
 *
 * @param certificate the leaf certificate
 * @param privateKey  the private key matching {@code certificate}
 * @param chain       {@code certificate} first, then its issuers (never empty)
 */
public record CertifiedKey(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

    /** Validates that the chain starts with the certificate. */
    public CertifiedKey {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
        if (chain.isEmpty() || !CertificateMatch.sameCertificate(chain.get(0), certificate)) {
            throw new IllegalArgumentException("chain must start with the certificate itself");
        }
    }

    /** A key whose chain is the certificate alone. */
    public CertifiedKey(X509Certificate certificate, PrivateKey privateKey) {
        this(certificate, privateKey, List.of(Objects.requireNonNull(certificate, "certificate")));
    }

    /** The lower-case hex SHA-256 of the DER-encoded certificate, as printed by {@code openssl x509 -fingerprint}. */
    public String fingerprint() {
        return fingerprint(certificate);
    }

    /** The lower-case hex SHA-256 of the DER encoding of {@code certificate}. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint certificate", e);
        }
    }

    /** Hides the private key from logs and exception messages. */
    @Override
    public String toString() {
        return "CertifiedKey[subject=" + certificate.getSubjectX500Principal().getName()
                + ", sha256=" + fingerprint() + ", chainLength=" + chain.size() + "]";
    }
}
