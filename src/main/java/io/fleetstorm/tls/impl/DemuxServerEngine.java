package io.fleetstorm.tls.impl;

import io.fleetstorm.tls.PskKeyLookup;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * A server engine that decides on the client's first record: a ClientHello offering a PSK suite is served by a
 * {@link BcPskEngine}, anything else by the certificate engine, so one port serves both, as the cloud's 8883 does.
 * Until the decision the certificate engine takes every setting and answers every question.
 */
final class DemuxServerEngine extends SSLEngine {

    private final SSLEngine certificates;
    private final PskKeyLookup keys;
    private SSLEngine chosen;

    DemuxServerEngine(SSLEngine certificates, PskKeyLookup keys) {
        super(certificates.getPeerHost(), certificates.getPeerPort());
        this.certificates = certificates;
        this.keys = keys;
    }

    private SSLEngine engine() {
        return chosen != null ? chosen : certificates;
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        if (chosen == null) {
            if (src.remaining() < 5) {
                return new SSLEngineResult(SSLEngineResult.Status.BUFFER_UNDERFLOW,
                        SSLEngineResult.HandshakeStatus.NEED_UNWRAP, 0, 0);
            }
            chosen = ClientHelloSniffer.offersPsk(src) ? BcPskEngine.server(keys, getPeerHost(), getPeerPort())
                    : certificates;
        }
        return chosen.unwrap(src, dsts, offset, length);
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        if (chosen == null) {
            // a server speaks second: nothing to send before the ClientHello
            return new SSLEngineResult(SSLEngineResult.Status.OK, SSLEngineResult.HandshakeStatus.NEED_UNWRAP, 0, 0);
        }
        return chosen.wrap(srcs, offset, length, dst);
    }

    @Override
    public Runnable getDelegatedTask() {
        return engine().getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        engine().closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return engine().isInboundDone();
    }

    @Override
    public void closeOutbound() {
        engine().closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return engine().isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return certificates.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return engine().getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        certificates.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return certificates.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return engine().getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        certificates.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return engine().getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return engine().getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
        if (chosen == null) {
            certificates.beginHandshake(); // harmless for a server: it waits for the ClientHello either way
        } else {
            chosen.beginHandshake();
        }
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return chosen == null ? certificates.getHandshakeStatus() : chosen.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        certificates.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return false;
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        certificates.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return engine().getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        certificates.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return engine().getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        certificates.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return engine().getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return certificates.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        certificates.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return chosen == certificates ? certificates.getApplicationProtocol() : null;
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return chosen == certificates ? certificates.getHandshakeApplicationProtocol() : null;
    }
}
