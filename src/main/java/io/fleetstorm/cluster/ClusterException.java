package io.fleetstorm.cluster;

/** A cluster run could not go ahead: too few agents, an agent refused its shard. The message says what to do. */
public final class ClusterException extends Exception {

    public ClusterException(String message) {
        super(message);
    }
}
