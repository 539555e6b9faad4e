package io.fleetstorm.tls.impl;

import io.fleetstorm.tls.PskKeyLookup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The BouncyCastle side of a {@link BcPskEngine}: a TLS 1.2 PSK client or server limited to {@link PskSuites},
 * in non-blocking mode, recording what the handshake settled.
 */
final class BcPskPeers {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the handshake settled, written by the peer's callbacks. */
    static final class Negotiated {
        String identity;
        int cipherSuite = -1;
    }

    /** Starts the handshake (connect or accept). */
    @FunctionalInterface
    interface Starter {
        void start() throws IOException;
    }

    /** A protocol, how to start it, and where its outcome lands. */
    record Setup(TlsProtocol protocol, Starter starter, Negotiated negotiated) {
    }

    private BcPskPeers() {
    }

    static Setup client(String identity, byte[] key) {
        TlsClientProtocol protocol = new TlsClientProtocol();
        Negotiated negotiated = new Negotiated();
        negotiated.identity = identity;
        PSKTlsClient peer = new PSKTlsClient(new BcTlsCrypto(RANDOM), new BasicTlsPSKIdentity(identity, key.clone())) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.TLSv12.only();
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return PskSuites.ids();
            }

            @Override
            public void notifyHandshakeComplete() throws IOException {
                super.notifyHandshakeComplete();
                negotiated.cipherSuite = context.getSecurityParametersConnection().getCipherSuite();
            }
        };
        return new Setup(protocol, () -> protocol.connect(peer), negotiated);
    }

    static Setup server(PskKeyLookup lookup) {
        TlsServerProtocol protocol = new TlsServerProtocol();
        Negotiated negotiated = new Negotiated();
        TlsPSKIdentityManager keys = new TlsPSKIdentityManager() {
            @Override
            public byte[] getHint() {
                return null; // no ServerKeyExchange: the SDKs need no hint
            }

            @Override
            public byte[] getPSK(byte[] id) {
                negotiated.identity = new String(id, StandardCharsets.UTF_8);
                byte[] key = lookup.key(negotiated.identity);
                return key == null ? null : key.clone();
            }
        };
        PSKTlsServer peer = new PSKTlsServer(new BcTlsCrypto(RANDOM), keys) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.TLSv12.only();
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return PskSuites.ids();
            }

            @Override
            public void notifyHandshakeComplete() throws IOException {
                super.notifyHandshakeComplete();
                negotiated.cipherSuite = context.getSecurityParametersConnection().getCipherSuite();
            }
        };
        return new Setup(protocol, () -> protocol.accept(peer), negotiated);
    }
}
