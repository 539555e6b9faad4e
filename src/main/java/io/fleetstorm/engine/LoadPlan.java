package io.fleetstorm.engine;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A scenario compiled for the engine: groups, the phase timeline, and where to connect.
 *
 * @param scenario        the scenario's name
 * @param groups          device groups
 * @param phases          phases, back to back
 * @param target          the hub's MQTT address
 * @param localAddresses  source addresses to spread connections over (empty: any)
 * @param drainNanos      how long in-flight operations may finish after the last phase
 * @param tls             TLS towards the hub, or null for plain TCP
 * @param apiUrl          the hub's application API (for desired-state changes, downlinks, OTA tasks), or null
 */
public record LoadPlan(String scenario, List<GroupPlan> groups, List<PhasePlan> phases, InetSocketAddress target,
        List<InetSocketAddress> localAddresses, long drainNanos, TargetTls tls, URI apiUrl) {

    /**
     * TLS towards the hub.
     *
     * @param trusted  CAs trusted for the hub's certificate
     * @param insecure no certificate check (the user's explicit choice)
     */
    public record TargetTls(List<X509Certificate> trusted, boolean insecure) {
    }

    public long totalNanos() {
        return phases.isEmpty() ? 0 : phases.get(phases.size() - 1).endNanos();
    }
}
