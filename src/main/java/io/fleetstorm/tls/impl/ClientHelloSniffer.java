package io.fleetstorm.tls.impl;

import java.nio.ByteBuffer;

/**
 * Reads the cipher suites a TLS ClientHello offers from the first record, without consuming it, to choose between
 * the PSK engine and the certificate engine.
 */
final class ClientHelloSniffer {

    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;

    private ClientHelloSniffer() {
    }

    /**
     * Whether the record holds a ClientHello that offers one of the PSK suites of {@link PskSuites}. Anything
     * unreadable (not a handshake record, a ClientHello split over records, an SSLv2 hello) answers false: the
     * certificate engine takes it and reports what is wrong.
     */
    static boolean offersPsk(ByteBuffer record) {
        ByteBuffer b = record.duplicate();
        try {
            if (u8(b) != HANDSHAKE) {
                return false;
            }
            skip(b, 2); // record version
            int recordLength = u16(b);
            if (b.remaining() < recordLength) {
                return false;
            }
            b.limit(b.position() + recordLength);
            if (u8(b) != CLIENT_HELLO) {
                return false;
            }
            skip(b, 3 + 2 + 32); // handshake length, client_version, random
            skip(b, u8(b)); // session_id
            int suitesLength = u16(b);
            for (int i = 0; i + 1 < suitesLength; i += 2) {
                if (PskSuites.isSupported(u16(b))) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) { // BufferUnderflowException, IllegalArgumentException
            return false;
        }
    }

    private static int u8(ByteBuffer b) {
        return b.get() & 0xff;
    }

    private static int u16(ByteBuffer b) {
        return ((b.get() & 0xff) << 8) | (b.get() & 0xff);
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }
}
