package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Main builds only the subcommand a command line names (start-up), and what the user sees stays the same. */
class LazySubcommandsTest {

    @Test
    void theTableNamesEverySubcommandAsItsAnnotationDoes() {
        for (Map.Entry<String, Class<?>> e : Main.SUBCOMMANDS.entrySet()) {
            assertThat(e.getValue().getAnnotation(Command.class).name()).as(e.getValue().getName())
                    .isEqualTo(e.getKey());
        }
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertThat(Main.commandLine("run").getSubcommands()).containsOnlyKeys("run");
        assertThat(Main.commandLine("hub").getSubcommands().get("hub").getSubcommands())
                .containsOnlyKeys("psk", "credentials");
    }

    @Test
    void helpVersionAndUnknownWordsGetTheWholeTreeInHelpOrder() {
        for (String first : new String[] {null, "help", "--help", "-V", "runn"}) {
            assertThat(Main.commandLine(first).getSubcommands().keySet()).as(String.valueOf(first))
                    .containsExactly("run", "validate", "plan", "hub", "report", "agent", "capacity", "compare",
                            "schema", "provision", "deprovision", "preflight", "help");
        }
    }

    /** Exit code, stdout and stderr of the lazily built tree equal the whole tree's, for each command line. */
    @Test
    void whatTheUserSeesIsTheSameAsWithTheWholeTree() {
        String[][] lines = {{"runn", "x.yaml"}, {"run", "--bogus", "x.yaml"}, {"run"}, {"validate", "--help"},
            {"hub", "psk", "no-slash", "--product-secret", "s"}, {"report"}, {"plan", "--help"}, {"agent", "-h"},
            {"help", "run"}, {"--version"}, {}};
        for (String[] line : lines) {
            CliRunner lazy = CliRunner.run(line);
            CliRunner whole = runWhole(line);
            assertThat(lazy).as(String.join(" ", line)).isEqualTo(whole);
        }
        assertThat(CliRunner.run("validate", "--help").out()).startsWith("Usage: fleetstorm validate");
    }

    private static CliRunner runWhole(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRunner(code, out.toString(), err.toString());
    }
}
