package io.fleetstorm.tls.impl;

import io.fleetstorm.tls.PskKeyLookup;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

/** A server {@link SslContext} whose engines serve TLS-PSK beside the certificate context they wrap. */
public final class PskServerSslContext extends SslContext {

    private final SslContext certificates;
    private final PskKeyLookup keys;

    public PskServerSslContext(SslContext certificates, PskKeyLookup keys) {
        this.certificates = certificates;
        this.keys = keys;
    }

    @Override
    public boolean isClient() {
        return false;
    }

    @Override
    public List<String> cipherSuites() {
        return certificates.cipherSuites();
    }

    @SuppressWarnings("deprecation")
    @Override
    public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
        return certificates.applicationProtocolNegotiator();
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc) {
        return new DemuxServerEngine(certificates.newEngine(alloc), keys);
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
        return new DemuxServerEngine(certificates.newEngine(alloc, peerHost, peerPort), keys);
    }

    @Override
    public SSLSessionContext sessionContext() {
        return certificates.sessionContext();
    }
}
