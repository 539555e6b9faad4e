package io.fleetstorm.protocol;

/**
 * What a device may do with a topic class.
 */
public enum Access {
    PUBLISH,
    SUBSCRIBE,
    BOTH;

    public boolean canPublish() {
        return this != SUBSCRIBE;
    }

    public boolean canSubscribe() {
        return this != PUBLISH;
    }
}
