package io.fleetstorm.cli;

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
        int devices = s.groups().stream().mapToInt(Scenario.Group::count).sum();
        return devices * (s.target().embedded() ? 2 : 1) + MARGIN;
    }

    static void check(Scenario s) {
        long limit = openFilesLimit();
        int need = socketsNeeded(s);
        if (limit > 0 && need > limit) {
            int devices = s.groups().stream().mapToInt(Scenario.Group::count).sum();
            throw new InvalidInputException(s.file() + ": this fleet needs about " + need + " sockets ("
                    + devices + " devices" + (s.target().embedded() ? " + " + devices + " for the embedded hub" : "")
                    + " + " + MARGIN + " spare), but this process may open " + limit + " files. Raise the limit "
                    + "(ulimit -n), run the hub separately (fleetstorm hub, then target: {host, port}), or split the "
                    + "fleet over several fleetstorm processes (run --agents N with fleetstorm agent processes, or "
                    + "run --shard I/N in each).");
        }
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
