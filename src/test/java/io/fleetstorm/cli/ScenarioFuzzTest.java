package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every shipped scenario mutated the ways people and tools break files (types swapped, keys duplicated, values huge,
 * negative or empty, bytes corrupted, truncated, control characters, long values), seeded so a failure reproduces:
 * {@code validate} answers exit 0 or exit 2 with the file and, but for whole-file limits, a line; never exit 1, never
 * a stack trace or a Java name, always within 2 s.
 */
class ScenarioFuzzTest {

    private static final long SEED = 20261204L;
    private static final int PER_SCENARIO = 30;
    private static final Pattern SCALAR_LINE = Pattern.compile("^(\\s*-?\\s*[A-Za-z][A-Za-z0-9]*:\\s*)(\\S[^#]*?)"
            + "(\\s*#.*)?$");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void mutatedScenariosAreRefusedCleanlyWithAPlace() throws Exception {
        List<Path> shipped;
        try (Stream<Path> files = Files.list(Path.of("scenarios"))) {
            shipped = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        Random random = new Random(SEED);
        CommandLine cli = Main.commandLine(); // one command model for all runs: building it is most of a run's time
        int refused = 0;
        int runs = 0;
        for (Path source : shipped) {
            String text = Files.readString(source);
            for (int i = 0; i < PER_SCENARIO; i++) {
                int kind = random.nextInt(10);
                byte[] mutated = mutate(text, kind, random);
                Path file = dir.resolve(source.getFileName().toString().replace(".yaml", "-" + i + ".yaml"));
                Files.write(file, mutated);
                String what = source + " mutation " + kind + " #" + i + " (seed " + SEED + ")";
                long start = System.nanoTime();
                CliRunner r = validate(cli, file);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                runs++;
                assertThat(took).as(what).isLessThan(Duration.ofSeconds(2));
                assertThat(r.exitCode()).as(what + ": " + r.err()).isIn(0, 2);
                assertThat(r.err()).as(what).doesNotContain("Exception", "\tat ", "org.yaml", "java.", "internal "
                        + "error", "Node(");
                if (r.exitCode() == 2) {
                    refused++;
                    assertPlaced(file, r.err(), what);
                }
            }
        }
        assertThat(refused).as("mutations refused of %d", runs).isGreaterThan(runs / 2);
    }

    private static CliRunner validate(CommandLine cli, Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("validate", file.toString());
        return new CliRunner(code, out.toString(), err.toString());
    }

    /** Every problem names the file; all but whole-file limits name a line too. */
    private static void assertPlaced(Path file, String err, String what) {
        String name = file.toString();
        for (String line : err.split("\n")) {
            String problem = line.strip();
            if (problem.isEmpty() || problem.matches(Pattern.quote(name) + ": \\d+ errors?")) {
                continue;
            }
            assertThat(problem).as(what).startsWith(name);
            boolean wholeFile = problem.contains("aliases") || problem.contains("sockets") || problem.contains(
                    "more problem(s)") || problem.contains("nested deeper") || problem.contains("the parser gave up");
            if (!wholeFile) {
                assertThat(problem).as(what).matches(Pattern.quote(name) + ":\\d+[:\\s].*");
            }
        }
    }

    private static byte[] mutate(String text, int kind, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        List<Integer> scalars = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (SCALAR_LINE.matcher(lines.get(i)).matches()) {
                scalars.add(i);
            }
        }
        int at = scalars.get(random.nextInt(scalars.size()));
        Matcher m = SCALAR_LINE.matcher(lines.get(at));
        m.matches();
        String key = m.group(1);
        switch (kind) {
            case 0 -> lines.set(at, key + "[a, b]");
            case 1 -> lines.set(at, key + "{x: 1}");
            case 2 -> lines.add(at + 1, lines.get(at)); // the key twice
            case 3 -> lines.set(at, key + NUMBER.matcher(m.group(2)).replaceFirst("99999999999999999999"));
            case 4 -> lines.set(at, key + NUMBER.matcher(m.group(2)).replaceFirst("-1"));
            case 5 -> lines.set(at, key + (random.nextBoolean() ? "''" : ""));
            case 6 -> {
                byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 1 + random.nextInt(5); i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                return bytes;
            }
            case 7 -> {
                byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
                return Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            case 8 -> lines.set(at, key + "\"x\\0y\\x1b[2J\\u202e\"");
            default -> lines.set(at, key + "'" + "x".repeat(70_000 + random.nextInt(1000)) + "'");
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }
}
