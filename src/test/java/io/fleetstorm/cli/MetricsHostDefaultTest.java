package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run's /metrics listens on this machine only, unless told otherwise; the container image tells it otherwise. */
class MetricsHostDefaultTest {

    private static RunCommand parse(Map<String, String> env, String... args) {
        RunCommand run = new RunCommand();
        CommandLine cli = new CommandLine(run);
        cli.setDefaultValueProvider(new EnvironmentDefaults(env));
        cli.parseArgs(args);
        return run;
    }

    @Test
    void aRunBindsLoopbackByDefaultAndTheEnvironmentOrAFlagCanOpenIt() {
        assertThat(parse(Map.of(), "s.yaml").metricsHost).isEqualTo("127.0.0.1");
        assertThat(parse(Map.of("FLEETSTORM_METRICS_HOST", "0.0.0.0"), "s.yaml").metricsHost).isEqualTo("0.0.0.0");
        assertThat(parse(Map.of(), "s.yaml", "--metrics-host", "::").metricsHost).isEqualTo("::");
    }

    @Test
    void theContainerImageOptsIntoEveryInterface() throws Exception {
        assertThat(Files.readAllLines(Path.of("Dockerfile"))).contains("ENV FLEETSTORM_METRICS_HOST=0.0.0.0");
    }
}
