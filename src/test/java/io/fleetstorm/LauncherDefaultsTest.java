package io.fleetstorm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * fleetstorm runs with the same JVM options from a source checkout, in the container and in the benchmarks: the
 * figures in bench/README.md describe the tool as users start it.
 */
class LauncherDefaultsTest {

    private static final Pattern DEFAULTS = Pattern.compile("(?m)^JVM_DEFAULTS=\"([^\"]+)\"$");

    private static String defaultsIn(String script) throws IOException {
        Matcher m = DEFAULTS.matcher(Files.readString(Path.of(script)));
        assertThat(m.find()).as(script + " defines JVM_DEFAULTS").isTrue();
        return m.group(1);
    }

    @Test
    void theCheckoutLauncherAndTheContainerEntrypointStartTheSameJvm() throws IOException {
        assertThat(defaultsIn("deploy/container/fleetstorm")).isEqualTo(defaultsIn("fleetstorm"))
                .contains("-XX:+UseSerialGC", "-Xmn32m");
    }

    /** ExitOnOutOfMemoryError exits 3, which means "thresholds breached": a crash must not look like a verdict. */
    @Test
    void anOutOfMemoryErrorCrashesTheJvmAndTheLaunchersMapTheCrashToFive() throws IOException {
        for (String script : new String[] {"fleetstorm", "deploy/container/fleetstorm"}) {
            assertThat(defaultsIn(script)).contains("-XX:+CrashOnOutOfMemoryError")
                    .doesNotContain("ExitOnOutOfMemoryError");
            assertThat(Files.readString(Path.of(script))).contains("[ \"$rc\" -eq 134 ]").contains("exit 5");
        }
    }

    @Test
    void bothPassTheUsersOptionsAfterTheDefaultsSoTheyWin() throws IOException {
        for (String script : new String[] {"fleetstorm", "deploy/container/fleetstorm"}) {
            String exec = Files.readString(Path.of(script)).lines().filter(l -> l.startsWith("java "))
                    .findFirst().orElseThrow();
            assertThat(exec.indexOf("$JVM_DEFAULTS")).as(script).isGreaterThan(0)
                    .isLessThan(exec.indexOf("${FLEETSTORM_JAVA_OPTS:-}"));
        }
    }

    @Test
    void theBenchmarkReadsTheDefaultsFromTheLauncher() throws IOException {
        assertThat(Files.readString(Path.of("bench/compare.py"))).contains("launcher_jvm_defaults()");
    }
}
