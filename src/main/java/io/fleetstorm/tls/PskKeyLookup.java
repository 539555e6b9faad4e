package io.fleetstorm.tls;

/**
 * Finds the pre-shared key of a TLS-PSK identity on the server side. Called during handshakes on event-loop threads:
 * must be thread-safe and must not block.
 */
@FunctionalInterface
public interface PskKeyLookup {

    /** The key bytes for this identity, or null when the identity is unknown (the handshake then fails). */
    byte[] key(String identity);
}
