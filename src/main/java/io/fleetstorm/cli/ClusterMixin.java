package io.fleetstorm.cli;

import io.fleetstorm.cluster.ClusterOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How a controller ({@code run --agents N}) or an agent joins the cluster: member list or Kubernetes, address. */
final class ClusterMixin {

    @Option(names = "--join", paramLabel = "HOST[:PORT]", split = ",", description = "Cluster members to join "
            + "(TCP/IP join, repeatable or comma separated; no multicast). Agents default to 127.0.0.1:5701.")
    List<String> join = new ArrayList<>();

    @Option(names = "--cluster-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "The address "
            + "this process binds and advertises in the cluster (in Kubernetes, the pod IP) (default: "
            + "${DEFAULT-VALUE}).")
    String clusterHost;

    @Option(names = "--cluster-port", paramLabel = "PORT", description = "The Hazelcast port (default: 5701 for the "
            + "controller, any free port for agents).")
    Integer clusterPort;

    @Option(names = "--kubernetes", paramLabel = "[NAMESPACE/]SERVICE", description = "Finds members through this "
            + "Kubernetes service (Hazelcast's Kubernetes join) instead of --join.")
    String kubernetes;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = ClusterOptions.DEFAULT_NAME,
            description = "Only members with this name form a cluster (default: ${DEFAULT-VALUE}).")
    String clusterName;

    ClusterOptions options(int defaultPort, List<String> defaultMembers) {
        try {
            return new ClusterOptions(clusterHost, clusterPort != null ? clusterPort : defaultPort,
                    join.isEmpty() && kubernetes == null ? defaultMembers : join, kubernetes, clusterName);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }
}
