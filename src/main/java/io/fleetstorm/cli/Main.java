package io.fleetstorm.cli;

import io.fleetstorm.hub.HubStartException;
import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.tls.PemException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code fleetstorm} command: subcommands, error handling and exit codes. */
@Command(name = "fleetstorm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Load tester for IoT device fleets speaking the Tencent Cloud IoT Hub MQTT protocol.",
        subcommands = {RunCommand.class, ValidateCommand.class, PlanCommand.class, HubCommand.class, ReportCommand.class,
                AgentCommand.class,
                ProvisionCommand.class, DeprovisionCommand.class, PreflightCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    /** What every command can end with; a run or a report can also end with a verdict (3 or 4). */
    private static final Set<ExitCode> EVERY_COMMAND = EnumSet.of(ExitCode.OK, ExitCode.INTERNAL_ERROR,
            ExitCode.INVALID_INPUT, ExitCode.CRASHED);
    private static final Set<String> WITH_VERDICT = Set.of("fleetstorm", "run", "report");

    private Main() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args);
        } catch (VirtualMachineError e) {
            // without the launcher's -XX:+ExitOnOutOfMemoryError (java -jar): still never the code of a verdict
            System.err.println("fleetstorm: crashed: " + e);
            code = ExitCode.CRASHED.code();
        }
        System.exit(code);
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
        exitCodes(cli);
        cli.setExecutionStrategy(Main::executeChecked);
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            String message = parameterMessage(e);
            err.println("fleetstorm: " + message);
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println("Try '" + name + " --help' for the " + (message.startsWith("unknown command")
                    ? "commands." : "options."));
            return ExitCode.INVALID_INPUT.code();
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            int code = exitCodeOf(e);
            if (code == ExitCode.INTERNAL_ERROR.code()) {
                err.println("fleetstorm: internal error: " + e + " (rerun with --verbose for details)");
            } else {
                err.println("fleetstorm: " + message(e));
            }
            if (LoggingMixin.verbose) {
                e.printStackTrace(err);
            }
            return code;
        });
        return cli;
    }

    /**
     * Picocli lets a help request win over an unknown argument ({@code fleetstorm capacity --help} printed the top
     * level's help and exited 0); an unknown command must be an error that names it, so deferred errors go first.
     */
    private static int executeChecked(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (!p.errors().isEmpty()) {
                Exception first = p.errors().get(0);
                throw first instanceof ParameterException pe ? pe
                        : new ParameterException(p.commandSpec().commandLine(), first.getMessage(), first);
            }
            if (!p.unmatched().isEmpty()) {
                throw new UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
            }
        }
        return new CommandLine.RunLast().execute(parseResult);
    }

    private static String parameterMessage(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && hasSubcommands(e.getCommandLine())
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + u.getUnmatched().get(0) + "'; the commands are "
                    + String.join(", ", e.getCommandLine().getSubcommands().keySet());
        }
        return e.getMessage();
    }

    private static boolean hasSubcommands(CommandLine cl) {
        return !cl.getSubcommands().isEmpty();
    }

    /** Every command's --help lists the exit codes it can end with, generated from the one table. */
    private static void exitCodes(CommandLine cl) {
        String name = cl.getCommandName();
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            if (EVERY_COMMAND.contains(c) || WITH_VERDICT.contains(name)) {
                list.put(Integer.toString(c.code()), c.description());
            }
        }
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(list);
        cl.getSubcommands().values().forEach(Main::exitCodes);
    }

    /** User input (flags, scenarios, the files they name) is exit code 2; anything else is a defect, 1. */
    static int exitCodeOf(Throwable e) {
        if (e instanceof InvalidInputException || e instanceof HubStartException
                || e instanceof IllegalArgumentException || e instanceof IOException || e instanceof PemException
                || e instanceof UncheckedIOException) {
            return ExitCode.INVALID_INPUT.code();
        }
        return ExitCode.INTERNAL_ERROR.code();
    }

    /** The one line a user sees for an input error: file errors say which file and what is wrong with it. */
    static String message(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file";
        }
        if (t instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (t instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        if (t instanceof CharacterCodingException) {
            return "a file is not valid UTF-8 text (" + t.getClass().getSimpleName() + ")";
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
