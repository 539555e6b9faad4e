package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.hub.HubStartException;
import io.fleetstorm.tls.CertificateAuthority;
import io.fleetstorm.tls.CertifiedKey;
import io.fleetstorm.tls.PemException;
import io.fleetstorm.tls.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The hub's certificate material: its CA (given or generated) and the TLS listener's certificate (given or issued
 * by that CA), written to the cert directory when one is set so devices and users can trust them.
 */
record ServerTls(CertificateAuthority ca, CertifiedKey server) {

    static ServerTls load(HubOptions options) {
        try {
            CertificateAuthority ca = options.caCertFile() != null
                    ? CertificateAuthority.load(options.caCertFile(), options.caKeyFile())
                    : CertificateAuthority.generate("fleetstorm embedded hub CA");
            CertifiedKey server;
            if (options.serverCertFile() != null) {
                List<X509Certificate> chain = PemFiles.readCertificates(options.serverCertFile());
                PrivateKey key = PemFiles.readPrivateKey(options.serverKeyFile());
                server = new CertifiedKey(chain.get(0), key, chain);
            } else {
                List<String> names = new java.util.ArrayList<>(options.serverNames());
                if (options.productHostSuffix() != null) {
                    names.add("*." + options.productHostSuffix()); // every {productId}.SUFFIX
                }
                server = ca.issueServer(names);
            }
            if (options.certDir() != null) {
                Path dir = options.certDir();
                Files.createDirectories(dir);
                ca.writeTo(dir);
                CertificateAuthority.writeCertifiedKey(server, dir.resolve("server.pem"), dir.resolve("server.key"));
            }
            return new ServerTls(ca, server);
        } catch (PemException e) {
            throw new HubStartException(e.getMessage(), e);
        } catch (IOException e) {
            throw new HubStartException("cannot write certificates to " + options.certDir() + ": " + e, e);
        }
    }
}
