package io.fleetstorm.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure checks on certificates: identity, validity period and key possession.
 *
 * <p>The hub uses {@link #sameCertificate} at CONNECT to compare the TLS peer certificate with the one registered for
 * the device; the handshake itself has already proved the peer holds the matching private key.
 */
public final class CertificateMatch {

    private CertificateMatch() {
    }

    /** True when both certificates have the same DER encoding. */
    public static boolean sameCertificate(X509Certificate a, X509Certificate b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        return a == b || Arrays.equals(der(a), der(b));
    }

    /**
     * Checks the validity period of {@code certificate} at {@code now}.
     *
     * @return empty when valid, else {@code certificate expired on <notAfter>} or
     *         {@code certificate not valid before <notBefore>} with ISO-8601 UTC instants
     */
    public static Optional<String> checkValidity(X509Certificate certificate, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            return Optional.of("certificate expired on " + notAfter);
        }
        if (now.isBefore(notBefore)) {
            return Optional.of("certificate not valid before " + notBefore);
        }
        return Optional.empty();
    }

    /** True when {@code privateKey} signs a random probe that the public key of {@code certificate} verifies. */
    public static boolean keyMatches(PrivateKey privateKey, X509Certificate certificate) {
        PublicKey publicKey = certificate.getPublicKey();
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            String algorithm = signatureAlgorithm(privateKey);
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The SHA-256 signature algorithm for a key: {@code SHA256withECDSA}, {@code SHA256withRSA}, ... */
    static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            case "DSA" -> "SHA256withDSA";
            default -> throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
        };
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be DER-encoded", e);
        }
    }
}
