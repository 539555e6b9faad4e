package io.fleetstorm.bench;

import io.fleetstorm.tls.CertificateAuthority;
import io.fleetstorm.tls.CertifiedKey;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Issues the certificates of bench/compare.py's mutual-TLS workload: a device CA ({@code DIR/ca.pem}, which the
 * broker trusts for client certificates) and, for devices {@code dev-00000} to {@code dev-(COUNT-1)}, one EC P-256
 * key pair and certificate each ({@code DIR/dev-NNNNN.pem} and {@code .key}), the layout of a scenario's
 * {@code certDir}. Usage: {@code DeviceCertificates DIR PRODUCT_ID COUNT}.
 */
public final class DeviceCertificates {

    private DeviceCertificates() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[2]);
        Files.createDirectories(dir);
        CertificateAuthority ca = CertificateAuthority.generate("fleetstorm bench device CA");
        ca.writeTo(dir);
        for (int i = 0; i < count; i++) {
            String name = String.format("dev-%05d", i);
            CertifiedKey key = ca.issueDevice(args[1], name);
            CertificateAuthority.writeCertifiedKey(key, dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        }
    }
}
