package io.fleetstorm.tls.impl;

import java.security.Principal;
import java.security.cert.Certificate;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * The session of a TLS-PSK connection: no certificates on either side; the peer is known by its PSK identity.
 */
public final class PskSession implements SSLSession {

    /** TLS 1.2 record limits: 16 KB of plaintext, plus header, IV, MAC and padding. */
    static final int APPLICATION_BUFFER_SIZE = 16_384;
    static final int PACKET_BUFFER_SIZE = 16_709;

    private final long created = System.currentTimeMillis();
    private final String peerHost;
    private final int peerPort;
    private final Map<String, Object> values = new HashMap<>();
    private volatile String identity;
    private volatile String cipherSuite = "SSL_NULL_WITH_NULL_NULL";
    private volatile boolean valid = true;

    PskSession(String peerHost, int peerPort) {
        this.peerHost = peerHost;
        this.peerPort = peerPort;
    }

    void established(String pskIdentity, String suite) {
        this.identity = pskIdentity;
        this.cipherSuite = suite;
    }

    /** The PSK identity the peer authenticated with (the server's view) or used (the client's); null before. */
    public String pskIdentity() {
        return identity;
    }

    @Override
    public byte[] getId() {
        return new byte[0];
    }

    @Override
    public SSLSessionContext getSessionContext() {
        return null;
    }

    @Override
    public long getCreationTime() {
        return created;
    }

    @Override
    public long getLastAccessedTime() {
        return created;
    }

    @Override
    public void invalidate() {
        valid = false;
    }

    @Override
    public boolean isValid() {
        return valid;
    }

    @Override
    public synchronized void putValue(String name, Object value) {
        values.put(name, value);
    }

    @Override
    public synchronized Object getValue(String name) {
        return values.get(name);
    }

    @Override
    public synchronized void removeValue(String name) {
        values.remove(name);
    }

    @Override
    public synchronized String[] getValueNames() {
        return values.keySet().toArray(new String[0]);
    }

    @Override
    public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
        throw new SSLPeerUnverifiedException("a TLS-PSK peer presents no certificate");
    }

    @Override
    public Certificate[] getLocalCertificates() {
        return null;
    }

    @SuppressWarnings("removal")
    @Override
    public javax.security.cert.X509Certificate[] getPeerCertificateChain() throws SSLPeerUnverifiedException {
        throw new SSLPeerUnverifiedException("a TLS-PSK peer presents no certificate");
    }

    @Override
    public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
        throw new SSLPeerUnverifiedException("a TLS-PSK peer presents no certificate");
    }

    @Override
    public Principal getLocalPrincipal() {
        return null;
    }

    @Override
    public String getCipherSuite() {
        return cipherSuite;
    }

    @Override
    public String getProtocol() {
        return "TLSv1.2";
    }

    @Override
    public String getPeerHost() {
        return peerHost;
    }

    @Override
    public int getPeerPort() {
        return peerPort;
    }

    @Override
    public int getPacketBufferSize() {
        return PACKET_BUFFER_SIZE;
    }

    @Override
    public int getApplicationBufferSize() {
        return APPLICATION_BUFFER_SIZE;
    }
}
