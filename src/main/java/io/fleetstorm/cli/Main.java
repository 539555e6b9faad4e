package io.fleetstorm.cli;

import io.fleetstorm.hub.HubStartException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fleetstorm} command: subcommands, error handling and exit codes. */
@Command(name = "fleetstorm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Load tester for IoT device fleets speaking the Tencent Cloud IoT Hub MQTT protocol.",
        subcommands = {RunCommand.class, ValidateCommand.class, PlanCommand.class, HubCommand.class, ReportCommand.class,
                AgentCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok; for a run, every threshold passed",
            "1:internal error (a fleetstorm defect)",
            "2:invalid input: flags, scenario, files, ports in use",
            "3:thresholds breached or generator saturated",
            "4:aborted or target unreachable",
            "5:the JVM crashed (out of memory or a fatal error; set by the launcher)"})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns the exit code, printing errors as one line (stack traces with --verbose). */
    public static int execute(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setDefaultValueProvider(new EnvironmentDefaults(System.getenv()));
        cli.setExitCodeExceptionMapper(Main::exitCodeOf);
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("fleetstorm: " + e.getMessage());
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println("Try '" + name + " --help' for the options.");
            return ExitCode.INVALID_INPUT.code();
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            int code = exitCodeOf(e);
            if (code == ExitCode.INTERNAL_ERROR.code()) {
                err.println("fleetstorm: internal error: " + e + " (rerun with --verbose for details)");
            } else {
                err.println("fleetstorm: " + e.getMessage());
            }
            if (LoggingMixin.verbose) {
                e.printStackTrace(err);
            }
            return code;
        });
        return cli;
    }

    private static int exitCodeOf(Throwable e) {
        if (e instanceof InvalidInputException || e instanceof HubStartException
                || e instanceof IllegalArgumentException) {
            return ExitCode.INVALID_INPUT.code();
        }
        return ExitCode.INTERNAL_ERROR.code();
    }
}
