package io.fleetstorm.tls;

import io.fleetstorm.tls.impl.BcPskEngine;
import io.fleetstorm.tls.impl.PskServerSslContext;
import io.fleetstorm.tls.impl.PskSession;
import io.fleetstorm.tls.impl.PskSuites;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * TLS-PSK as the C SDK uses it for key devices over TLS (protocol section 2): TLS 1.2, identity = ClientId, key =
 * the decoded device PSK, suites PSK-AES128-CBC-SHA and PSK-AES256-CBC-SHA first. Standard JSSE cannot speak PSK;
 * these engines run BouncyCastle's TLS protocol behind the ordinary {@link SSLEngine} interface, so a Netty pipeline
 * carries them as it carries any TLS.
 */
public final class PskTls {

    private PskTls() {
    }

    /** The cipher suites offered and accepted, most preferred first (IANA names). */
    public static List<String> cipherSuites() {
        return PskSuites.names();
    }

    /** A client engine for one connection; {@code key} is the decoded PSK (it is copied). */
    public static SSLEngine clientEngine(String identity, byte[] key, String peerHost, int peerPort) {
        if (identity == null || identity.isEmpty()) {
            throw new IllegalArgumentException("the PSK identity must not be empty");
        }
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("the PSK must not be empty");
        }
        return BcPskEngine.client(identity, key, peerHost, peerPort);
    }

    /** A client handler for one connection, to put first in the device's pipeline. */
    public static SslHandler clientHandler(String identity, byte[] key, String peerHost, int peerPort) {
        return new SslHandler(clientEngine(identity, key, peerHost, peerPort));
    }

    /**
     * A server context that serves TLS-PSK to clients whose ClientHello offers a PSK suite and hands every other
     * client to {@code certificates}, so one port takes both.
     */
    public static SslContext serverContext(SslContext certificates, PskKeyLookup keys) {
        if (certificates.isClient()) {
            throw new IllegalArgumentException("the certificate context must be a server context");
        }
        return new PskServerSslContext(certificates, keys);
    }

    /** The PSK identity a TLS-PSK session was established with; empty for certificate TLS. */
    public static Optional<String> identity(SSLSession session) {
        return session instanceof PskSession psk ? Optional.ofNullable(psk.pskIdentity()) : Optional.empty();
    }
}
