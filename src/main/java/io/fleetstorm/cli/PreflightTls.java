package io.fleetstorm.cli;

import io.fleetstorm.engine.LoadPlan;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.tls.CertifiedKey;
import io.fleetstorm.tls.TlsMaterial;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The preflight's TLS handshake with one target host as a device makes it: the host's name indicated (SNI) and
 * checked against the certificate, the certificate checked against the scenario's CA (unless {@code insecure}), a
 * certificate device's own certificate presented when one of its groups goes to that host. The failure names the
 * cause in the user's terms: the CA file, the host name, the expiry.
 */
final class PreflightTls {

    private final LoadPlan plan;
    private final Scenario scenario;

    PreflightTls(LoadPlan plan, Scenario scenario) {
        this.plan = plan;
        this.scenario = scenario;
    }

    PreflightRow check(String host, InetSocketAddress target, long timeoutMs) {
        long start = System.nanoTime();
        String subject = host + ":" + target.getPort();
        boolean insecure = plan.tls().insecure();
        try (Socket plain = new Socket()) {
            plain.connect(target, (int) timeoutMs);
            plain.setSoTimeout((int) timeoutMs);
            SSLContext context = SSLContext.getInstance("TLS");
            CertifiedKey key = clientKey(host);
            context.init(key == null ? null : new KeyManager[] {TlsMaterial.keyManager(key)},
                    new TrustManager[] {insecure ? new Anything() : TlsMaterial.trustManager(plan.tls().trusted())},
                    null);
            try (SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, host, target.getPort(),
                    false)) {
                SSLParameters p = ssl.getSSLParameters();
                if (!host.matches("[0-9.]+|.*:.*")) {
                    p.setServerNames(List.of(new SNIHostName(host)));
                }
                if (!insecure) {
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                }
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                X509Certificate leaf = (X509Certificate) ssl.getSession().getPeerCertificates()[0];
                String found = ssl.getSession().getProtocol() + ", " + leaf.getSubjectX500Principal().getName()
                        + ", issued by " + leaf.getIssuerX500Principal().getName() + ", valid until "
                        + leaf.getNotAfter().toInstant();
                long ms = PreflightChecks.ms(start);
                if (insecure) {
                    return PreflightRow.warn("tls", subject, found + "; NOT verified (insecure: true)");
                }
                if (leaf.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(
                        PreflightChecks.EXPIRY_WARNING_DAYS)))) {
                    return PreflightRow.warn("tls", subject, found + ": expires within "
                            + PreflightChecks.EXPIRY_WARNING_DAYS + " days");
                }
                return PreflightRow.pass("tls", subject, found + "; verified against " + scenario.target().caFile()
                        + ", name matches", ms);
            }
        } catch (SSLHandshakeException e) {
            return PreflightRow.fail("tls", subject, why(e, host), PreflightChecks.ms(start));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return PreflightRow.fail("tls", subject, "handshake failed: " + PreflightChecks.rootCause(e),
                    PreflightChecks.ms(start));
        }
    }

    /** The first certificate device's key among the groups that connect to this host, or null. */
    private CertifiedKey clientKey(String host) {
        for (int g = 0; g < plan.groups().size(); g++) {
            if (plan.targetOf(g).getHostString().equals(host)) {
                CertifiedKey key = plan.groups().get(g).certificates().apply(0);
                if (key != null) {
                    return key;
                }
            }
        }
        return null;
    }

    private String why(SSLHandshakeException e, String host) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CertPathValidatorException || String.valueOf(c.getMessage()).contains("PKIX")) {
                return "the server's certificate does not chain to the CA in " + scenario.target().caFile()
                        + " (the wrong CA file, or a proxy intercepting TLS)";
            }
            if (c instanceof CertificateException && String.valueOf(c.getMessage()).contains("match")) {
                return "the server's certificate does not name " + host + " (" + c.getMessage() + ")";
            }
        }
        return "handshake failed: " + PreflightChecks.rootCause(e);
    }

    /** insecure: true, the user's explicit choice: the certificate is shown, not checked. */
    private static final class Anything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
