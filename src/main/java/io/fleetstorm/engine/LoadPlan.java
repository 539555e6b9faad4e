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
 */
public record LoadPlan(String scenario, List<GroupPlan> groups, List<PhasePlan> phases, InetSocketAddress target,
        List<InetSocketAddress> localAddresses, long drainNanos, TargetTls tls, URI apiUrl,
        CloudApiOptions apiOptions) {

    public LoadPlan {
        apiOptions = apiOptions == null ? CloudApiOptions.forEndpoint(apiUrl) : apiOptions;
    }

    /** A plan whose API calls go unsigned (a hub started with --api-insecure); see {@link #withApiOptions}. */
    public LoadPlan(String scenario, List<GroupPlan> groups, List<PhasePlan> phases, InetSocketAddress target,
            List<InetSocketAddress> localAddresses, long drainNanos, TargetTls tls, URI apiUrl) {
        this(scenario, groups, phases, target, localAddresses, drainNanos, tls, apiUrl, null);
    }

    /** The same plan calling the API with these options (credentials, region, rate limits). */
    public LoadPlan withApiOptions(CloudApiOptions value) {
        return new LoadPlan(scenario, groups, phases, target, localAddresses, drainNanos, tls, apiUrl, value);
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
