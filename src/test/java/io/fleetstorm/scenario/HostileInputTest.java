package io.fleetstorm.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Files built to break a parser: each ends in one clean problem with its place, fast and in bounded memory. */
class HostileInputTest {

    @TempDir
    Path dir;

    private List<String> problems(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        try {
            ScenarioLoader.load(file, Map.of());
        } catch (ScenarioException e) {
            assertThat(e.getMessage()).doesNotContain("org.yaml", "java.", "Exception", "Node(", "<");
            return e.problems();
        }
        throw new AssertionError(name + " was accepted");
    }

    private List<String> problems(String name, String content) throws IOException {
        return problems(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8IsReportedWithItsByteOffsetAndLine() throws IOException {
        byte[] bytes = "name: x\ngroups: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(problems("latin1.yaml", bytes)).containsExactly(dir.resolve("latin1.yaml")
                + ":2: is not valid UTF-8 (byte offset 19, byte 0xe9); save the file as UTF-8");
    }

    @Test
    @Timeout(10)
    void aFiftyMegabyteValueIsRefusedBeforeParsingWithinTwoSeconds() throws IOException {
        Path file = dir.resolve("big.yaml");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("name: '".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("'\n".getBytes(StandardCharsets.US_ASCII));
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> ScenarioLoader.load(file, Map.of())).isInstanceOf(ScenarioException.class)
                .hasMessageContaining(file + ": is 52428809 bytes, more than the limit of 1048576 bytes for a "
                        + "scenario file");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aValueOverTheLimitIsNamedWithItsLine() throws IOException {
        assertThat(problems("long.yaml", "name: x\npayload: '" + "y".repeat(70_000) + "'\n"))
                .contains(dir.resolve("long.yaml") + ":2: a value is 70000 characters long, more than the limit "
                        + "of 65536");
    }

    @Test
    @Timeout(10)
    void anAliasBombIsRefused() throws IOException {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        String previous = "a";
        for (char c = 'b'; c <= 'j'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ", ").append('*').append(previous);
            }
            yaml.append("]\n");
            previous = String.valueOf(c);
        }
        assertThat(problems("bomb.yaml", yaml.toString())).containsExactly(dir.resolve("bomb.yaml")
                + ": not valid YAML: more than 50 aliases of lists or mappings (write the values out)");
    }

    @Test
    void deepNestingIsRefused() throws IOException {
        assertThat(problems("deep.yaml", "a: " + "[".repeat(100) + "]".repeat(100) + "\n")).singleElement()
                .asString().startsWith(dir.resolve("deep.yaml") + ": not valid YAML: nested deeper than 32 levels");
    }

    @Test
    void binaryGarbageGetsACleanMessage() throws IOException {
        Random random = new Random(1);
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[2_000];
            random.nextBytes(garbage);
            assertThat(problems("garbage" + i + ".yaml", garbage)).singleElement().asString()
                    .startsWith(dir.resolve("garbage" + i + ".yaml") + ":");
        }
        // valid UTF-8 that is not YAML: control characters
        assertThat(problems("controls.yaml", "name: x\u0007\u0001\n")).containsExactly(dir.resolve("controls.yaml")
                + ":1:8: not valid YAML: a control character (code 7) is not allowed; write it as an escape in double "
                + "quotes");
    }

    @Test
    void syntaxErrorsHaveLineAndColumn() throws IOException {
        assertThat(problems("syntax.yaml", "name: x\ngroups: [a\nphases: 1\n")).singleElement().asString()
                .startsWith(dir.resolve("syntax.yaml") + ":3:");
    }

    @Test
    void whatIsNotAScenarioIsSaidSo() throws IOException {
        assertThat(problems("empty.yaml", "")).containsExactly(dir.resolve("empty.yaml") + ":1: the file is empty");
        assertThat(problems("list.yaml", "- a\n- b\n")).containsExactly(dir.resolve("list.yaml") + ":1: must be a "
                + "mapping of name, target, groups, phases, thresholds, outputs, acceptSaturation, agents, hub, "
                + "regressions, but was a list");
        assertThat(problems("two.yaml", "name: a\n---\nname: b\n")).singleElement().asString()
                .startsWith(dir.resolve("two.yaml") + ":")
                .contains("expected a single document in the stream, but found another document");
        Files.createDirectories(dir.resolve("adir"));
        assertThatThrownBy(() -> ScenarioLoader.load(dir.resolve("adir"), Map.of()))
                .hasMessageContaining("adir: is a directory, not a scenario file");
        assertThatThrownBy(() -> ScenarioLoader.load(dir.resolve("missing.yaml"), Map.of()))
                .hasMessageContaining("missing.yaml: does not exist");
    }

    @Test
    void aNulBytePathIsRefusedWithoutReachingTheFileSystem() throws IOException {
        assertThat(problems("nul.yaml", "name: x\ngroups:\n  - {name: a, productId: P, count: 1, "
                + "credentials: {csv: \"a\\0b.csv\"}}\nphases: [{name: p, duration: 1s}]\n"))
                .containsExactly(dir.resolve("nul.yaml") + ":3: groups[0].credentials.csv must be a file path, "
                        + "but was 'a\\u0000b.csv'");
    }

    @Test
    void badOverridesAreProblemsNotCrashes() throws IOException {
        Path file = dir.resolve("o.yaml");
        Files.writeString(file, "name: x\ngroups: [{name: a, productId: P, count: 1, credentials: {productSecret: "
                + "s}}]\nphases: [{name: p, duration: 1s}]\n");
        assertThatThrownBy(() -> ScenarioLoader.load(file, Map.of("phases[99999999999].duration", "1s")))
                .hasMessageContaining("--set 'phases[99999999999].duration': must be a path such as "
                        + "phases[1].duration");
        assertThatThrownBy(() -> ScenarioLoader.load(file, Map.of("phases[0].duration", "-1s")))
                .hasMessageContaining(":3: phases[0].duration must be a duration such as 30s, 1m30s or 500ms in "
                        + "1ms..7d, but was '-1s'");
    }
}
