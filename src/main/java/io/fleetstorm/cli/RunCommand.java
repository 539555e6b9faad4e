package io.fleetstorm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fleetstorm run FILE}. The load engine (scenario parsing, virtual devices) is not built yet; until it is,
 * this starts the embedded hub the scenario would run against and says so.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Runs a scenario file. (The load engine is not built yet: for now this starts the embedded hub "
                + "a scenario without a target runs against, and says so.)")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingMixin logging;

    @Parameters(paramLabel = "FILE", description = "The scenario file.")
    Path scenario;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(scenario)) {
            throw new InvalidInputException(scenario + ": cannot read file");
        }
        spec.commandLine().getErr().println("fleetstorm run: the load engine has not landed yet, so " + scenario
                + " is not executed; starting the embedded hub it will run against (fleetstorm hub).");
        return Main.commandLine().setOut(spec.commandLine().getOut()).setErr(spec.commandLine().getErr())
                .execute("hub");
    }
}
