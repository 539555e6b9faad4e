package io.fleetstorm.cli;

import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.scenario.ScenarioSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fleetstorm schema}: the JSON Schema of scenario files, generated from the definitions {@code validate} checks
 * with; the repository and the image ship it as {@value ScenarioSchema#PATH}.
 */
@Command(name = "schema", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Prints the JSON Schema of scenario files (draft-07), generated from the same definitions "
                + "validate checks with, for editors: put '# yaml-language-server: $schema=PATH' at the top of a "
                + "scenario. The repository and the image ship it as " + ScenarioSchema.PATH + ".")
final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Writes it to FILE instead.")
    Path output;

    @Override
    public Integer call() throws Exception {
        String text = text();
        if (output != null) {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output, text, StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("scenario schema written to " + output);
        } else {
            spec.commandLine().getOut().print(text);
        }
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }

    /** The schema as shipped: pretty-printed, one newline at the end. */
    static String text() {
        return ScenarioSchema.generate().encodePrettily() + "\n";
    }
}
