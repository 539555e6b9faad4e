package io.fleetstorm.metrics;

/** A device group and an operation: the unit latencies are kept and reported by. */
public record GroupOperation(String group, Operation operation) {

    /** The hlog tag and report key, e.g. {@code sensors.publish-ack}. */
    public String tag() {
        return group + "." + operation.label();
    }
}
