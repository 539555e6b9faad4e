package io.fleetstorm.cli;

import io.fleetstorm.cluster.Shard;
import io.fleetstorm.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses, before anything connects, a fleet this process cannot hold: every device needs a socket, and the
 * embedded hub in the same process needs one more per device.
 */
final class Capacity {

    /** Sockets kept aside for the API, metrics, files and the JVM itself. */
    static final int MARGIN = 200;

    private Capacity() {
    }

    static int socketsNeeded(Scenario s) {
        int devices = s.sockets(); // sub-devices share their gateway's connection
        return devices * (s.target().embedded() ? 2 : 1) + MARGIN;
    }

    static void check(Scenario s) {
        long limit = openFilesLimit();
        int need = socketsNeeded(s);
        if (limit > 0 && need > limit) {
            int devices = s.sockets();
            throw new InvalidInputException(s.file() + ": this fleet needs about " + need + " sockets ("
                    + devices + (s.hasGateways() ? " connections of devices and gateways" : " devices")
                    + (s.target().embedded() ? " + " + devices + " for the embedded hub" : "")
                    + " + " + MARGIN + " spare), but this process may open " + limit + " files. Raise the limit "
                    + "(ulimit -n), run the hub separately (fleetstorm hub, then target: {host, port}), or split the "
                    + "fleet over several fleetstorm processes (run --agents N with fleetstorm agent processes, or "
                    + "run --shard I/N in each).");
        }
    }

    /**
     * Devices of the largest agent's share when the fleet is split over {@code agents} processes: each group is cut
     * into contiguous ranges whose sizes differ by at most one, as {@code run --agents} does.
     */
    static int devicesPerAgent(Scenario s, int agents) {
        int most = 0;
        for (int i = 1; i <= agents; i++) {
            Shard shard = new Shard(i, agents);
            int devices = 0;
            for (Scenario.Group g : s.groups()) {
                devices += g.gateway() == null ? shard.size(g.count()) : 0; // sub-devices hold no socket
            }
            most = Math.max(most, devices);
        }
        return most;
    }

    /**
     * The check of a scenario meant for {@code agents: N}: each agent's share against this machine's limit (agents
     * connect to an external hub or the controller's, so an agent holds one socket per device). Returns what it
     * found, for {@code validate} to say.
     */
    static String checkPerAgent(Scenario s, long limit) {
        int agents = s.agents();
        int devices = devicesPerAgent(s, agents);
        int need = devices + MARGIN;
        String found = "for " + agents + " agents: at most " + n(devices) + " devices and about " + n(need)
                + " sockets per agent, " + (limit < 0 ? "an unknown number" : n(limit)) + " allowed here";
        if (limit > 0 && need > limit) {
            throw new InvalidInputException(s.file() + ": " + found + "; raise the limit (ulimit -n) or set agents "
                    + "to at least " + agentsFor(s, limit));
        }
        if (s.target().embedded()) {
            // the controller runs the embedded hub: every agent's devices connect to it, over plain MQTT
            if (s.target().tls() || s.groups().stream().anyMatch(Scenario.Group::certificate)) {
                throw new InvalidInputException(s.file() + ": a cluster run against the embedded hub is plain MQTT; "
                        + "for TLS start 'fleetstorm hub' and give the scenario a target");
            }
            int hub = s.sockets() + MARGIN;
            if (limit > 0 && hub > limit) {
                throw new InvalidInputException(s.file() + ": " + found + ", but the controller's embedded hub "
                        + "needs about " + n(hub) + " sockets; run the hub separately (fleetstorm hub, then target: "
                        + "{host, port})");
            }
            return found + "; the controller's embedded hub about " + n(hub);
        }
        return found;
    }

    /** A count as a person writes it: {@code 17,000}. */
    private static String n(long count) {
        return String.format(java.util.Locale.ROOT, "%,d", count);
    }

    /** The fewest agents whose shares each fit {@code limit}. */
    static int agentsFor(Scenario s, long limit) {
        int min = s.groups().stream().mapToInt(Scenario.Group::count).min().orElse(1);
        for (int agents = 1; agents <= min; agents++) {
            if (devicesPerAgent(s, agents) + MARGIN <= limit) {
                return agents;
            }
        }
        return min;
    }

    /** The soft open-files limit of this process, or -1 when unknown. */
    static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] cols = line.substring("Max open files".length()).trim().split("\\s+");
                    return cols[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(cols[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
