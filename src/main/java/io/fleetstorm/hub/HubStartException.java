package io.fleetstorm.hub;

/** The hub could not start; the message is one line a user can act on (port in use, unreadable PEM file). */
public final class HubStartException extends RuntimeException {

    public HubStartException(String message) {
        super(message);
    }

    public HubStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
