package io.fleetstorm.cli;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run --agents N}: this process is the controller of a cluster run; how it waits, starts and judges losses. */
final class ControllerMixin {

    @Option(names = "--agents", paramLabel = "N", description = "Runs the scenario over N agents (fleetstorm agent "
            + "processes in the cluster) instead of in this process: this process becomes the controller.")
    Integer agents;

    @Option(names = "--agents-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long the controller waits for the agents (default: ${DEFAULT-VALUE}).")
    Duration agentsTimeout;

    @Option(names = "--allow-lost-agents", paramLabel = "N", defaultValue = "0", description = "Agents that may be "
            + "lost mid-run without marking the run incomplete (exit 4) (default: ${DEFAULT-VALUE}).")
    int allowLostAgents;

    @Option(names = "--start-lead", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Time between handing out the shards and the common start (default: ${DEFAULT-VALUE}).")
    Duration startLead;

    @Mixin
    ClusterMixin membership;
}
