package io.fleetstorm.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A clustered Vert.x instance on the Hazelcast cluster manager, configured in code from {@link ClusterOptions}. */
public final class ClusterNode implements AutoCloseable {

    /** Hazelcast declares a silent member dead after this (its default, 60 s, is far too long for a load run). */
    static final int MAX_NO_HEARTBEAT_SECONDS = 10;

    private final Vertx vertx;
    private final HazelcastClusterManager manager;
    private final int port;
    private final String host;

    private ClusterNode(Vertx vertx, HazelcastClusterManager manager, int port, String host) {
        this.host = host;
        this.vertx = vertx;
        this.manager = manager;
        this.port = port;
    }

    /** Joins (or starts) the cluster; blocks until joined, at most {@code timeoutSeconds}. */
    public static ClusterNode join(ClusterOptions options, int eventLoops, int timeoutSeconds) throws Exception {
        // before Hazelcast's first log line, which would otherwise go to java.util.logging on stderr
        System.setProperty("hazelcast.logging.type", "slf4j");
        int port = options.port() == 0 ? freePort(options.host()) : options.port();
        HazelcastClusterManager manager = new HazelcastClusterManager(config(options, port));
        VertxOptions vo = new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true);
        vo.getEventBusOptions().setHost(options.host()).setPort(0).setClusterPublicHost(options.host());
        Vertx vertx = Vertx.builder().with(vo).withClusterManager(manager).buildClustered()
                .await(timeoutSeconds, TimeUnit.SECONDS);
        return new ClusterNode(vertx, manager, port, options.host());
    }

    static Config config(ClusterOptions options, int port) {
        Config c = ConfigUtil.loadConfig();
        c.setClusterName(options.clusterName());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
        // members started before the one they list (agents before their controller) find it within seconds
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        // Hazelcast's own metrics collection costs an idle member CPU every few seconds and nobody reads it here
        c.getMetricsConfig().setEnabled(false);
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(false);
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (options.kubernetes() != null) {
            String[] ns = options.kubernetes().split("/", 2);
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-name", ns.length == 2 ? ns[1] : ns[0]);
            if (ns.length == 2) {
                join.getKubernetesConfig().setProperty("namespace", ns[0]);
            }
        } else {
            c.setProperty("hazelcast.local.localAddress", options.host());
            net.getInterfaces().setEnabled(true).addInterface(options.host());
            join.getTcpIpConfig().setEnabled(true).addMember(options.host() + ":" + port);
            for (String m : options.members()) {
                join.getTcpIpConfig().addMember(m.contains(":") ? m : m + ":" + ClusterOptions.DEFAULT_PORT);
            }
        }
        return c;
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    /** The address this member binds and advertises. */
    public String host() {
        return host;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** This member's node id (the cluster manager's), as used in node-left events. */
    public String nodeId() {
        return manager.getNodeId();
    }

    /** The Hazelcast port this member listens on (others join it with {@code --join host:port}). */
    public int port() {
        return port;
    }

    /**
     * Calls {@code left} with the node id of every member that leaves (or is declared dead). A Hazelcast membership
     * listener, not the cluster manager's node listener, which Vert.x itself owns; node ids are member UUIDs. The
     * returned action removes the listener.
     */
    public Runnable onNodeLeft(Consumer<String> left) {
        var cluster = manager.getHazelcastInstance().getCluster();
        UUID registration = cluster.addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                left.accept(event.getMember().getUuid().toString());
            }
        });
        return () -> cluster.removeMembershipListener(registration);
    }

    @Override
    public void close() {
        try {
            vertx.close().await(15, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // leaving is best effort: the others notice a dead member by its heartbeat
        }
    }
}
