package io.fleetstorm.cluster;

import java.util.List;

/**
 * How a process joins the fleetstorm cluster (Hazelcast under Vert.x): the address it binds and advertises, its
 * Hazelcast port, and either a TCP/IP member list (loopback or fixed hosts; never multicast) or Kubernetes discovery.
 *
 * @param host        the address to bind and advertise (127.0.0.1 on one host; the pod IP in Kubernetes)
 * @param port        the Hazelcast port, or 0 for a free one picked at start
 * @param members     {@code host:port} of members to join (TCP/IP join); may be empty for the first member
 * @param kubernetes  the Kubernetes service to discover members through ({@code namespace/service} or
 *                    {@code service}), or null for the TCP/IP join
 * @param clusterName the Hazelcast cluster name, so unrelated runs on one network do not merge
 */
public record ClusterOptions(String host, int port, List<String> members, String kubernetes, String clusterName) {

    /** The default Hazelcast port. */
    public static final int DEFAULT_PORT = 5701;
    /** The default cluster name. */
    public static final String DEFAULT_NAME = "fleetstorm";

    public ClusterOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--cluster-port must be in 0..65535, but was " + port);
        }
        for (String m : members) {
            if (!m.matches("[^:\\s]+(:\\d{1,5})?")) {
                throw new IllegalArgumentException("--join takes HOST or HOST:PORT, but was '" + m + "'");
            }
        }
        members = List.copyOf(members);
    }
}
