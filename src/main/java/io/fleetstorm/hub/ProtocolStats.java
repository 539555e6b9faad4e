package io.fleetstorm.hub;

import java.util.Map;

/**
 * What clients did outside the protocol, since the hub started.
 *
 * @param connectionsPending sockets open on the MQTT ports that have not sent CONNECT yet
 * @param violations         protocol violations by rule
 */
public record ProtocolStats(long connectionsPending, Map<ViolationRule, Long> violations) {

    public long violations(ViolationRule rule) {
        return violations.getOrDefault(rule, 0L);
    }

    public long totalViolations() {
        return violations.values().stream().mapToLong(Long::longValue).sum();
    }
}
