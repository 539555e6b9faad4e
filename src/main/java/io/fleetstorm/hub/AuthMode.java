package io.fleetstorm.hub;

/** How a device proves who it is. */
public enum AuthMode {
    /** A pre-shared key: the CONNECT password is an HMAC of the UserName keyed with the PSK. */
    KEY,
    /** A client certificate presented in the TLS handshake (mutual TLS on the TLS port). */
    CERTIFICATE
}
