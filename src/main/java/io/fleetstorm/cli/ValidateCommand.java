package io.fleetstorm.cli;

import io.fleetstorm.report.ThresholdSpec;
import io.fleetstorm.scenario.Quotas;
import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.ScenarioException;
import io.fleetstorm.scenario.ScenarioLoader;
import io.fleetstorm.scenario.Units;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fleetstorm validate FILE...}: checks scenario files without connecting anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks scenario files: every problem with file:line, field, rule and value, the files they "
                + "name (credentials CSV, certificates, CA) opened and checked, thresholds against the report's "
                + "grammar; exit code 2 if any file is invalid or its fleet cannot fit this process (or, with "
                + "agents: N, each agent's share cannot fit this machine).")
final class ValidateCommand implements Callable<Integer> {

    /** The report's grammar, handed to the loader so threshold problems come with the rest of the file's. */
    static final ScenarioLoader.ThresholdGrammar GRAMMAR = expression -> {
        try {
            ThresholdSpec.parse(expression);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    };

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Scenario files.")
    List<Path> files;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Overrides a value before checking.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** Loads a scenario as {@code validate} checks it: every problem (thresholds included) at once, exit 2. */
    static Scenario load(Path file, Map<String, String> overrides) {
        try {
            Scenario s = ScenarioLoader.load(file, overrides, GRAMMAR);
            ScenarioThresholds.of(s);
            CompareCommand.rulesOf(s);
            if (s.target().apiCredentials() != null) {
                ApiAccess.file(s.target().apiCredentials()); // its content too, before anything connects
            }
            return s;
        } catch (ScenarioException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean ok = true;
        for (Path file : files) {
            try {
                Scenario s = load(file, overrides);
                String fit = s.agents() > 1 ? "; " + Capacity.checkPerAgent(s, Capacity.openFilesLimit()) : "";
                if (s.agents() == 1) {
                    Capacity.check(s);
                }
                Quotas.warnings(s).forEach(err::println);
                out.println(file + ": ok (" + PlanCommand.devices(s) + ", "
                        + s.phases().size() + (s.phases().size() == 1 ? " phase, " : " phases, ")
                        + Units.format(s.totalDuration()) + fit + ")");
            } catch (InvalidInputException e) {
                err.println(e.getMessage());
                ok = false;
            }
        }
        out.flush();
        err.flush();
        return ok ? ExitCode.OK.code() : ExitCode.INVALID_INPUT.code();
    }
}
