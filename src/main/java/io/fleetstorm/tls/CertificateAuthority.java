package io.fleetstorm.tls;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A local certificate authority that issues server and device certificates for the embedded hub and for tests.
 *
 * <p>Issued keys are EC P-256 and certificates are signed with the JDK's providers, so issuing one device costs about
 * a millisecond. Instances are thread-safe.
 */
public final class CertificateAuthority {

    /** Validity of a generated CA certificate. */
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Validity of an issued server or device certificate. */
    public static final Duration LEAF_VALIDITY = Duration.ofDays(5 * 365);
    /** How far in the past validity starts, to tolerate clock skew between hosts. */
    public static final Duration BACKDATE = Duration.ofHours(1);
    /** File name of the CA certificate written by {@link #writeTo}. */
    public static final String CERT_FILE = "ca.pem";
    /** File name of the CA private key written by {@link #writeTo}. */
    public static final String KEY_FILE = "ca.key";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final X500Name subject;
    private final AuthorityKeyIdentifier authorityKeyId;
    private final String signatureAlgorithm;
    private final Clock clock;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, Clock clock) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        this.authorityKeyId = authorityKeyId(certificate);
        this.signatureAlgorithm = CertificateMatch.signatureAlgorithm(privateKey);
        this.clock = clock;
    }

    /** A new CA with an EC P-256 key and a self-signed certificate valid from an hour ago for ten years. */
    public static CertificateAuthority generate(String commonName) {
        return generate(commonName, Clock.systemUTC());
    }

    /** As {@link #generate(String)}, with validity periods (of the CA and what it issues) taken from {@code clock}. */
    public static CertificateAuthority generate(String commonName, Clock clock) {
        requireText(commonName, "commonName");
        KeyPair keyPair = newEcKeyPair();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, newSerial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), name, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keyPair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(keyPair.getPublic()));
            X509Certificate certificate = sign(builder, keyPair.getPrivate(), "SHA256withECDSA");
            return new CertificateAuthority(certificate, keyPair.getPrivate(), clock);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot generate CA certificate", e);
        }
    }

    /**
     * Loads a CA from PEM files, checking that the key belongs to the certificate and that the certificate is a CA.
     */
    public static CertificateAuthority load(Path certPem, Path keyPem) throws PemException {
        X509Certificate certificate = PemFiles.readCertificates(certPem).get(0);
        PrivateKey key = PemFiles.readPrivateKey(keyPem);
        if (certificate.getBasicConstraints() < 0) {
            throw new PemException(certPem.toString(), "certificate is not a CA (basicConstraints CA:false)");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && !keyUsage[5]) {
            throw new PemException(certPem.toString(), "certificate is not a CA (keyUsage lacks keyCertSign)");
        }
        if (!CertificateMatch.keyMatches(key, certificate)) {
            throw new PemException(keyPem.toString(), "private key does not match the certificate in " + certPem);
        }
        try {
            return new CertificateAuthority(certificate, key, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new PemException(keyPem.toString(), e.getMessage());
        }
    }

    /** The CA certificate, to trust on clients and on the hub. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Issues a TLS server certificate for the given host names and IP addresses.
     *
     * @param hostNamesAndIps DNS names and IPv4/IPv6 literals, each becoming a subjectAltName; the first is the CN
     */
    public CertifiedKey issueServer(List<String> hostNamesAndIps) {
        if (hostNamesAndIps == null || hostNamesAndIps.isEmpty()) {
            throw new IllegalArgumentException("hostNamesAndIps must name at least one host, but was empty");
        }
        List<GeneralName> names = new ArrayList<>();
        for (String host : hostNamesAndIps) {
            requireText(host, "host name");
            boolean ip = IPV4.matcher(host).matches() || host.contains(":");
            names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostNamesAndIps.get(0)).build();
        return issue(name, KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    /**
     * Issues a device client certificate as the IoT Hub does: CN = productId + deviceName, OU = productId.
     */
    public CertifiedKey issueDevice(String productId, String deviceName) {
        requireText(productId, "productId");
        requireText(deviceName, "deviceName");
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.OU, productId)
                .addRDN(BCStyle.CN, productId + deviceName)
                .build();
        return issue(name, KeyPurposeId.id_kp_clientAuth, null);
    }

    /** Writes {@value #CERT_FILE} and {@value #KEY_FILE} (owner-only) into {@code dir}, creating it if needed. */
    public void writeTo(Path dir) throws PemException {
        PemFiles.write(dir.resolve(CERT_FILE), PemFiles.toPem(certificate));
        PemFiles.write(dir.resolve(KEY_FILE), PemFiles.toPem(privateKey));
    }

    /** Writes the chain of {@code key} to {@code certFile} and its PKCS#8 key (owner-only) to {@code keyFile}. */
    public static void writeCertifiedKey(CertifiedKey key, Path certFile, Path keyFile) throws PemException {
        PemFiles.write(certFile, PemFiles.toPem(key.chain()));
        PemFiles.write(keyFile, PemFiles.toPem(key.privateKey()));
    }

    private CertifiedKey issue(X500Name name, KeyPurposeId purpose, GeneralNames altNames) {
        KeyPair keyPair = newEcKeyPair();
        Instant now = clock.instant();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, newSerial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(LEAF_VALIDITY)), name, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, subjectKeyId(keyPair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId);
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            X509Certificate issued = sign(builder, privateKey, signatureAlgorithm);
            return new CertifiedKey(issued, keyPair.getPrivate(), List.of(issued, certificate));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue certificate for " + name, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey, String algorithm)
            throws GeneralSecurityException {
        try {
            // No provider set: the JDK's default providers sign, BouncyCastle only encodes.
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(signingKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create " + algorithm + " signer", e);
        }
    }

    private static AuthorityKeyIdentifier authorityKeyId(X509Certificate ca) {
        byte[] ski = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ski != null) {
            byte[] keyId = ASN1OctetString.getInstance(ASN1OctetString.getInstance(ski).getOctets()).getOctets();
            return new AuthorityKeyIdentifier(keyId);
        }
        return new AuthorityKeyIdentifier(subjectKeyId(ca.getPublicKey()).getKeyIdentifier());
    }

    private static SubjectKeyIdentifier subjectKeyId(PublicKey key) {
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is not available for key identifiers", e);
        }
    }

    private static KeyPair newEcKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    private static BigInteger newSerial() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        BigInteger serial = new BigInteger(1, bytes);
        return serial.signum() == 0 ? BigInteger.ONE : serial;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, but was " + (value == null ? "null" : "'"
                    + value + "'"));
        }
    }
}
