package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options from the environment, as a container sets them; flags still win. */
class EnvironmentDefaultsTest {

    private static HubCommand parse(Map<String, String> env, String... args) {
        HubCommand hub = new HubCommand();
        CommandLine cli = new CommandLine(hub);
        cli.setDefaultValueProvider(new EnvironmentDefaults(env));
        cli.parseArgs(args);
        return hub;
    }

    @Test
    void anOptionIsReadFromItsVariable() {
        assertThat(EnvironmentDefaults.variableFor("--mqtt-port")).isEqualTo("FLEETSTORM_MQTT_PORT");
        assertThat(parse(Map.of("FLEETSTORM_MQTT_PORT", "11883")).mqttPort).isEqualTo(11883);
    }

    @Test
    void aFlagWinsOverTheEnvironment() {
        assertThat(parse(Map.of("FLEETSTORM_MQTT_PORT", "11883"), "--mqtt-port", "0").mqttPort).isZero();
    }

    @Test
    void withoutTheVariableTheDefaultApplies() {
        assertThat(parse(Map.of()).mqttPort).isEqualTo(1883);
    }
}
