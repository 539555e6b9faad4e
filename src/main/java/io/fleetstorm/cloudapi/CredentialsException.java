package io.fleetstorm.cloudapi;

/** Missing, malformed or unreadable API credentials; the message names the source and the rule, never a secret. */
public final class CredentialsException extends Exception {

    public CredentialsException(String message) {
        super(message);
    }
}
