package io.fleetstorm.protocol;

/**
 * Malformed wire input: a UserName, password or JSON message that breaks the protocol's rules.
 */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
