package io.fleetstorm.cli;

import io.fleetstorm.scenario.Scenario;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each group's devices connect: the target's host, or with a per-product host
 * ({@code {productId}.iotcloud.tencentdevices.com}) the host of the group's product. Each distinct host is resolved
 * once, here, before the run; the address keeps its name, so TLS indicates it (SNI) and checks the certificate
 * against it. A name that does not resolve stays unresolved: its devices' connects fail and are counted, and
 * {@code fleetstorm preflight} names it.
 */
final class TargetHosts {

    private TargetHosts() {
    }

    /** One address per group, in the scenario's order. */
    static List<InetSocketAddress> addresses(Scenario scenario) {
        Scenario.Target t = scenario.target();
        Map<String, InetSocketAddress> resolved = new HashMap<>();
        List<InetSocketAddress> out = new ArrayList<>();
        for (Scenario.Group g : scenario.groups()) {
            out.add(resolved.computeIfAbsent(t.hostFor(g.productId()), host -> new InetSocketAddress(host,
                    t.port())));
        }
        return out;
    }

    /** The distinct host names of the scenario's groups. */
    static List<String> hosts(Scenario scenario) {
        return scenario.groups().stream().map(g -> scenario.target().hostFor(g.productId())).distinct().toList();
    }
}
