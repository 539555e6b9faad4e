package io.fleetstorm.cli;

import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.ScenarioException;
import io.fleetstorm.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fleetstorm validate FILE...}: checks scenario files without connecting anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks scenario files: every problem with file:line, field, rule and value; exit code 2 if any "
                + "file is invalid or its fleet cannot fit this process.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Scenario files.")
    List<Path> files;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Overrides a value before checking.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean ok = true;
        for (Path file : files) {
            try {
                Scenario s = ScenarioLoader.load(file, overrides);
                Capacity.check(s);
                ScenarioThresholds.of(s);
                io.fleetstorm.scenario.Quotas.warnings(s).forEach(err::println);
                out.println(file + ": ok (" + s.groups().stream().mapToInt(Scenario.Group::count).sum()
                        + " devices, " + s.phases().size() + " phases, " + s.totalDuration().toSeconds() + " s)");
            } catch (ScenarioException e) {
                err.println(e.getMessage());
                ok = false;
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
