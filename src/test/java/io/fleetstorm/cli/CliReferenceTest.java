package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * docs/cli.md is what the command definitions generate (it cannot drift from --help), and it documents every
 * command with its options and exit codes. {@code -Dfleetstorm.regenerate=true} rewrites the page instead.
 */
class CliReferenceTest {

    @Test
    void theCommittedReferenceIsTheGeneratedOne() throws Exception {
        String generated = CliReference.markdown();
        if (Boolean.getBoolean("fleetstorm.regenerate")) {
            Files.writeString(CliReference.PAGE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(CliReference.PAGE))
                .as("docs/cli.md is stale: refresh it with mvn -o -q test -Dtest=CliReferenceTest "
                        + "-Dfleetstorm.regenerate=true")
                .isEqualTo(generated);
    }

    @Test
    void everyCommandIsDocumentedWithItsExitCodes() {
        String page = CliReference.markdown();
        Main.commandLine().getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                assertThat(page).contains("## fleetstorm " + name + "\n\n```text\nUsage: fleetstorm " + name);
            }
        });
        // every section ends with its exit codes, generated from the one table
        String[] sections = page.split("\n## ");
        assertThat(sections).hasSizeGreaterThan(5);
        for (int i = 1; i < sections.length; i++) {
            assertThat(sections[i]).contains("Exit codes:");
        }
        assertThat(page).contains("3   thresholds breached, sanity rule failed or generator saturated")
                .doesNotContain("\u001b[");
    }

    @Test
    void theDefaultsAreTheBuiltInOnesNotThisShellsEnvironment() {
        // the generator ignores FLEETSTORM_* variables: the same page on every machine
        assertThat(CliReference.markdown()).isEqualTo(CliReference.markdown());
        assertThat(CliReference.markdown()).doesNotContain(System.getProperty("user.name") + "@");
    }
}
