package io.fleetstorm.provision;

/** Provisioning cannot go on: the message says why and what to do; it never carries a secret. */
public final class ProvisionException extends Exception {

    public ProvisionException(String message) {
        super(message);
    }
}
