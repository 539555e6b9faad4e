package io.fleetstorm.engine;

import io.fleetstorm.cloudapi.CloudApiOptions;
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
 * @param apiOptions      how the API is called: credentials, region, rate limits (defaults: unsigned)
 * @param groupTargets    each group's MQTT address when they differ (the cloud's per-product hosts; the host name
 *                        is kept for SNI and the certificate check), else empty: every group connects to target
 */
public record LoadPlan(String scenario, List<GroupPlan> groups, List<PhasePlan> phases, InetSocketAddress target,
        List<InetSocketAddress> localAddresses, long drainNanos, TargetTls tls, URI apiUrl,
        CloudApiOptions apiOptions, List<InetSocketAddress> groupTargets) {

    public LoadPlan {
        apiOptions = apiOptions == null ? CloudApiOptions.forEndpoint(apiUrl) : apiOptions;
        groupTargets = groupTargets == null ? List.of() : List.copyOf(groupTargets);
        if (!groupTargets.isEmpty() && groupTargets.size() != groups.size()) {
            throw new IllegalArgumentException("groupTargets must give one address per group (" + groups.size()
                    + "), but gives " + groupTargets.size());
        }
    }

    public LoadPlan(String scenario, List<GroupPlan> groups, List<PhasePlan> phases, InetSocketAddress target,
            List<InetSocketAddress> localAddresses, long drainNanos, TargetTls tls, URI apiUrl,
            CloudApiOptions apiOptions) {
        this(scenario, groups, phases, target, localAddresses, drainNanos, tls, apiUrl, apiOptions, List.of());
    }

    /** A plan whose API calls go unsigned (a hub started with --api-insecure); see {@link #withApiOptions}. */
    public LoadPlan(String scenario, List<GroupPlan> groups, List<PhasePlan> phases, InetSocketAddress target,
            List<InetSocketAddress> localAddresses, long drainNanos, TargetTls tls, URI apiUrl) {
        this(scenario, groups, phases, target, localAddresses, drainNanos, tls, apiUrl, null);
    }

    /** The same plan calling the API with these options (credentials, region, rate limits). */
    public LoadPlan withApiOptions(CloudApiOptions value) {
        return new LoadPlan(scenario, groups, phases, target, localAddresses, drainNanos, tls, apiUrl, value,
                groupTargets);
    }

    /** The same plan with an address per group (see {@link #groupTargets}). */
    public LoadPlan withGroupTargets(List<InetSocketAddress> value) {
        return new LoadPlan(scenario, groups, phases, target, localAddresses, drainNanos, tls, apiUrl, apiOptions,
                value);
    }

    /** Where group {@code g}'s devices connect. */
    public InetSocketAddress targetOf(int g) {
        return groupTargets.isEmpty() ? target : groupTargets.get(g);
    }

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
