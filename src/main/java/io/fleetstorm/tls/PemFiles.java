package io.fleetstorm.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes PEM certificates and private keys.
 *
 * <p>BouncyCastle only parses the PEM structure; keys and certificates are built by the JDK's default providers, so BC
 * is never registered as a JCA provider (the fat jar strips its signature, which a JCE provider would need).
 */
public final class PemFiles {

    /** The private key formats accepted by {@link #readPrivateKey}, as named in error messages. */
    public static final String SUPPORTED_KEY_FORMATS = "PKCS#8, PKCS#1 RSA or SEC1 EC private key";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private PemFiles() {
    }

    /** Every {@code CERTIFICATE} block of {@code file}, in file order; fails when there is none. */
    public static List<X509Certificate> readCertificates(Path file) throws PemException {
        return readCertificates(readText(file), file.toString());
    }

    /** Every {@code CERTIFICATE} block of {@code pemText}; {@code sourceName} names it in errors. */
    public static List<X509Certificate> readCertificates(String pemText, String sourceName) throws PemException {
        List<Object> objects = parse(pemText, sourceName);
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : objects) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new PemException(sourceName, "invalid certificate (" + e.getClass().getSimpleName() + ")", e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new PemException(sourceName, "no CERTIFICATE block found" + found(objects));
        }
        return List.copyOf(certificates);
    }

    /** The one private key of {@code file}: PKCS#8, PKCS#1 RSA or SEC1 EC; encrypted keys are refused. */
    public static PrivateKey readPrivateKey(Path file) throws PemException {
        return readPrivateKey(readText(file), file.toString());
    }

    /** The one private key of {@code pemText}; {@code sourceName} names it in errors. */
    public static PrivateKey readPrivateKey(String pemText, String sourceName) throws PemException {
        List<Object> objects = parse(pemText, sourceName);
        List<PrivateKeyInfo> keys = new ArrayList<>();
        for (Object object : objects) {
            if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                throw new PemException(sourceName, "encrypted private keys are not supported");
            } else if (object instanceof PrivateKeyInfo info) {
                keys.add(info);
            } else if (object instanceof PEMKeyPair pair) {
                keys.add(pair.getPrivateKeyInfo());
            }
        }
        if (keys.isEmpty()) {
            throw new PemException(sourceName, "unsupported key format (expected " + SUPPORTED_KEY_FORMATS + ")"
                    + found(objects));
        }
        if (keys.size() > 1) {
            throw new PemException(sourceName, "found " + keys.size() + " private keys, expected exactly one");
        }
        PrivateKeyInfo info = keys.get(0);
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (PEMException | RuntimeException e) {
            // The message of the cause may quote key bytes; report the algorithm only.
            throw new PemException(sourceName, "unsupported private key algorithm "
                    + info.getPrivateKeyAlgorithm().getAlgorithm().getId());
        }
    }

    /** Reads a certificate chain and its private key, checking that the key belongs to the first certificate. */
    public static CertifiedKey readCertifiedKey(Path certFile, Path keyFile) throws PemException {
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPrivateKey(keyFile);
        if (!CertificateMatch.keyMatches(key, chain.get(0))) {
            throw new PemException(keyFile.toString(), "private key does not match the certificate in " + certFile);
        }
        return new CertifiedKey(chain.get(0), key, chain);
    }

    /** One {@code CERTIFICATE} block, lines of 64 characters ending in {@code \n}. */
    public static String toPem(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be DER-encoded", e);
        }
    }

    /** The certificates as consecutive {@code CERTIFICATE} blocks, for a chain file. */
    public static String toPem(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        certificates.forEach(certificate -> pem.append(toPem(certificate)));
        return pem.toString();
    }

    /** One unencrypted PKCS#8 {@code PRIVATE KEY} block. */
    public static String toPem(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat()) || key.getEncoded() == null) {
            throw new IllegalArgumentException("private key is not PKCS#8-encodable (format " + key.getFormat() + ")");
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    /**
     * Writes {@code pem} to {@code file}, creating parent directories; files holding a private key are readable by
     * their owner only where the file system supports POSIX permissions, and are restricted before any byte is written.
     */
    public static void write(Path file, String pem) throws PemException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (pem.contains("PRIVATE KEY-----") && supportsPosix(file)) {
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY);
                } else {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                }
            }
            Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new PemException(file.toString(), "cannot write file (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static boolean supportsPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String readText(Path file) throws PemException {
        try {
            // ISO-8859-1 maps every byte, so binary garbage is reported as "no block found", not as a charset error.
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new PemException(file.toString(), "cannot read file (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static List<Object> parse(String pemText, String sourceName) throws PemException {
        if (pemText == null || pemText.isBlank()) {
            throw new PemException(sourceName, "file is empty");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pemText))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            String type = blockTypeNear(pemText, objects.size());
            if (String.valueOf(e.getMessage()).startsWith("unrecognised object")) {
                throw new PemException(sourceName, "unsupported PEM block " + type);
            }
            // BC's messages may echo the block's content; name the failure only.
            throw new PemException(sourceName, "malformed PEM block " + type);
        }
        return objects;
    }

    private static String blockTypeNear(String pemText, int index) {
        int from = 0;
        String type = "";
        for (int i = 0; i <= index; i++) {
            int begin = pemText.indexOf("-----BEGIN ", from);
            if (begin < 0) {
                break;
            }
            int end = pemText.indexOf("-----", begin + 11);
            if (end < 0) {
                break;
            }
            type = pemText.substring(begin + 11, end);
            from = end + 5;
        }
        return type.isEmpty() ? "#" + (index + 1) : type;
    }

    private static String found(List<Object> objects) {
        if (objects.isEmpty()) {
            return "";
        }
        List<String> types = objects.stream().map(PemFiles::typeName).distinct().toList();
        return "; found " + String.join(", ", types);
    }

    private static String typeName(Object object) {
        if (object instanceof X509CertificateHolder) {
            return "CERTIFICATE";
        } else if (object instanceof SubjectPublicKeyInfo) {
            return "PUBLIC KEY";
        } else if (object instanceof PKCS10CertificationRequest) {
            return "CERTIFICATE REQUEST";
        } else if (object instanceof X509CRLHolder) {
            return "X509 CRL";
        } else if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair) {
            return "PRIVATE KEY";
        } else if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
            return "ENCRYPTED PRIVATE KEY";
        } else if (object instanceof ASN1ObjectIdentifier) {
            return "EC PARAMETERS";
        }
        return object.getClass().getSimpleName();
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
