package io.fleetstorm.tls.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsProtocol;

/**
 * An {@link SSLEngine} that speaks TLS 1.2 with a pre-shared key through BouncyCastle's TLS protocol in
 * non-blocking mode, so Netty's {@code SslHandler} can carry it like any other engine.
 *
 * <p>BouncyCastle buffers both directions itself: {@code unwrap} offers the whole record it is given and hands out
 * what was decrypted, keeping the rest for the next call; {@code wrap} hands out queued handshake or alert bytes,
 * or encrypts at most one record's worth of application data. Confined to one event loop, like every engine.
 */
public final class BcPskEngine extends SSLEngine {

    /** Room for the record header, IV, MAC and padding of one encrypted record. */
    private static final int RECORD_OVERHEAD = 325;

    private final TlsProtocol protocol;
    private final boolean client;
    private final PskSession session;
    private final BcPskPeers.Starter starter;
    private final BcPskPeers.Negotiated negotiated;
    private boolean started;
    private boolean handshakeDone;
    private boolean finishedToReport;
    private boolean inboundDone;
    private boolean outboundClosed;
    private SSLException failure;
    private ByteBuffer pendingPlain;

    private BcPskEngine(String host, int port, boolean client, TlsProtocol protocol, BcPskPeers.Starter starter,
            BcPskPeers.Negotiated negotiated) {
        super(host, port);
        this.client = client;
        this.protocol = protocol;
        this.starter = starter;
        this.negotiated = negotiated;
        this.session = new PskSession(host, port);
    }

    /** A client engine that authenticates as {@code identity} with {@code key}. */
    public static BcPskEngine client(String identity, byte[] key, String host, int port) {
        BcPskPeers.Setup setup = BcPskPeers.client(identity, key);
        return new BcPskEngine(host, port, true, setup.protocol(), setup.starter(), setup.negotiated());
    }

    /** A server engine whose keys come from {@code lookup}; an unknown identity fails the handshake. */
    public static BcPskEngine server(io.fleetstorm.tls.PskKeyLookup lookup, String host, int port) {
        BcPskPeers.Setup setup = BcPskPeers.server(lookup);
        return new BcPskEngine(host, port, false, setup.protocol(), setup.starter(), setup.negotiated());
    }

    private void ensureStarted() throws SSLException {
        if (started) {
            return;
        }
        started = true;
        try {
            starter.start();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        ensureStarted();
        int consumed = 0;
        if (failure == null && handshakeDone && !outboundClosed && protocol.getAvailableOutputBytes() == 0) {
            int available = remaining(srcs, offset, length);
            if (available > 0) {
                int chunk = Math.min(Math.min(available, protocol.getApplicationDataLimit()),
                        dst.remaining() - RECORD_OVERHEAD);
                if (chunk <= 0) {
                    return result(Status.BUFFER_OVERFLOW, 0, 0);
                }
                byte[] plain = new byte[chunk];
                take(srcs, offset, length, plain);
                try {
                    protocol.writeApplicationData(plain, 0, chunk);
                } catch (IOException e) {
                    throw fail(e);
                }
                consumed = chunk;
            }
        }
        int produced = drainOutput(dst);
        if (produced == 0 && consumed == 0 && (failure != null || isOutboundDone())) {
            return result(Status.CLOSED, 0, 0);
        }
        return result(Status.OK, consumed, produced);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        ensureStarted();
        if (failure != null) {
            throw failure;
        }
        if (pendingPlain != null) {
            int produced = give(dsts, offset, length);
            return result(Status.OK, 0, produced);
        }
        if (inboundDone) {
            return result(Status.CLOSED, 0, 0);
        }
        int size = src.remaining();
        if (handshakeDone && remaining(dsts, offset, length) < Math.min(size, PskSession.APPLICATION_BUFFER_SIZE)) {
            // a record's plaintext is never longer than its ciphertext: ask for room before taking it
            return result(Status.BUFFER_OVERFLOW, 0, 0);
        }
        byte[] input = new byte[size];
        src.get(input);
        try {
            protocol.offerInput(input);
        } catch (IOException e) {
            throw fail(e);
        }
        checkHandshake();
        int available = protocol.getAvailableInputBytes();
        if (available > 0) {
            pendingPlain = ByteBuffer.allocate(available);
            protocol.readInput(pendingPlain, available);
            pendingPlain.flip();
        }
        int produced = pendingPlain == null ? 0 : give(dsts, offset, length);
        if (protocol.isClosed() && pendingPlain == null) {
            inboundDone = true;
            return result(Status.CLOSED, size, produced);
        }
        return result(Status.OK, size, produced);
    }

    private void checkHandshake() {
        if (!handshakeDone && protocol.isConnected() && !protocol.isHandshaking()) {
            handshakeDone = true;
            finishedToReport = true;
            session.established(negotiated.identity, PskSuites.name(negotiated.cipherSuite));
        }
    }

    private SSLEngineResult result(Status status, int consumed, int produced) {
        HandshakeStatus hs = getHandshakeStatus();
        if (finishedToReport && hs == HandshakeStatus.NOT_HANDSHAKING) {
            finishedToReport = false;
            hs = HandshakeStatus.FINISHED;
        }
        return new SSLEngineResult(status, hs, consumed, produced);
    }

    private int drainOutput(ByteBuffer dst) {
        int n = Math.min(protocol.getAvailableOutputBytes(), dst.remaining());
        return n <= 0 ? 0 : protocol.readOutput(dst, n);
    }

    /** Copies pending plaintext into the buffers; forgets it once all is given. */
    private int give(ByteBuffer[] dsts, int offset, int length) {
        int given = 0;
        for (int i = offset; i < offset + length && pendingPlain.hasRemaining(); i++) {
            ByteBuffer dst = dsts[i];
            int n = Math.min(dst.remaining(), pendingPlain.remaining());
            if (n > 0) {
                ByteBuffer slice = pendingPlain.slice();
                slice.limit(n);
                dst.put(slice);
                pendingPlain.position(pendingPlain.position() + n);
                given += n;
            }
        }
        if (!pendingPlain.hasRemaining()) {
            pendingPlain = null;
        }
        return given;
    }

    private static int remaining(ByteBuffer[] buffers, int offset, int length) {
        int total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += buffers[i].remaining();
        }
        return total;
    }

    private static void take(ByteBuffer[] srcs, int offset, int length, byte[] into) {
        int at = 0;
        for (int i = offset; i < offset + length && at < into.length; i++) {
            int n = Math.min(srcs[i].remaining(), into.length - at);
            srcs[i].get(into, at, n);
            at += n;
        }
    }

    /** Keeps the failure (the alert BouncyCastle queued still goes out through wrap) and returns it to throw. */
    private SSLException fail(IOException e) {
        if (failure == null) {
            String message = e instanceof TlsFatalAlert alert
                    ? "TLS-PSK handshake failed: " + org.bouncycastle.tls.AlertDescription.getText(
                            alert.getAlertDescription())
                    : "TLS-PSK failed: " + e.getMessage();
            failure = handshakeDone ? new SSLException(message, e) : new SSLHandshakeException(message);
            if (!handshakeDone) {
                failure.initCause(e);
            }
        }
        return failure;
    }

    @Override
    public HandshakeStatus getHandshakeStatus() {
        if (!started) {
            return HandshakeStatus.NOT_HANDSHAKING;
        }
        if (protocol.getAvailableOutputBytes() > 0) {
            return HandshakeStatus.NEED_WRAP;
        }
        if (!handshakeDone && failure == null && !protocol.isClosed()) {
            return HandshakeStatus.NEED_UNWRAP;
        }
        return HandshakeStatus.NOT_HANDSHAKING;
    }

    @Override
    public void beginHandshake() throws SSLException {
        ensureStarted();
    }

    @Override
    public Runnable getDelegatedTask() {
        return null;
    }

    @Override
    public void closeInbound() {
        inboundDone = true;
    }

    @Override
    public boolean isInboundDone() {
        return inboundDone;
    }

    @Override
    public void closeOutbound() {
        if (outboundClosed) {
            return;
        }
        outboundClosed = true;
        if (started && failure == null) {
            try {
                protocol.close(); // queues close_notify for the next wrap
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    public boolean isOutboundDone() {
        return outboundClosed && protocol.getAvailableOutputBytes() == 0;
    }

    @Override
    public SSLSession getSession() {
        return session;
    }

    /** The session, with the PSK identity once the handshake is done. */
    public PskSession pskSession() {
        return session;
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return PskSuites.names().toArray(new String[0]);
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return getSupportedCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        // fixed: the PSK suites of PskSuites
    }

    @Override
    public String[] getSupportedProtocols() {
        return new String[] {"TLSv1.2"};
    }

    @Override
    public String[] getEnabledProtocols() {
        return getSupportedProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        // fixed: TLS 1.2 (there is no TLS 1.3 external-PSK interoperability with the SDKs)
    }

    @Override
    public void setUseClientMode(boolean mode) {
        if (mode != client) {
            throw new IllegalArgumentException("this engine was built for " + (client ? "client" : "server")
                    + " mode");
        }
    }

    @Override
    public boolean getUseClientMode() {
        return client;
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        // the key authenticates both sides
    }

    @Override
    public boolean getNeedClientAuth() {
        return false;
    }

    @Override
    public void setWantClientAuth(boolean want) {
        // the key authenticates both sides
    }

    @Override
    public boolean getWantClientAuth() {
        return false;
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        // no session resumption
    }

    @Override
    public boolean getEnableSessionCreation() {
        return false;
    }

    @Override
    public SSLSession getHandshakeSession() {
        return handshakeDone ? null : session;
    }
}
