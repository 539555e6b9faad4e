package io.fleetstorm.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option can be set through the environment, for containers and CI: {@code --metrics-port} is read from
 * {@code FLEETSTORM_METRICS_PORT}. A flag on the command line still wins (precedence: defaults < scenario file <
 * environment < flags).
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    static final String PREFIX = "FLEETSTORM_";
    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    static String variableFor(String longOption) {
        return PREFIX + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option && option.longestName().startsWith("--")
                && !option.usageHelp() && !option.versionHelp()) {
            String value = environment.get(variableFor(option.longestName()));
            if (value != null) {
                return value;
            }
        }
        return argSpec.defaultValue();
    }
}
