package io.fleetstorm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction of STYLE.md, checked on the sources: {@code cli} uses everything but the device layer;
 * {@code hub} uses only {@code protocol} and {@code tls}; {@code device} uses {@code protocol}, {@code tls} and the
 * metrics recorders; {@code scenario} uses {@code protocol} and {@code tls} (credentials are loaded and checked at
 * the edge) and the hub's API (its {@code hub:} section is the hub's fault grammar); {@code cloudapi}, fleetstorm's
 * own Cloud API client, stands beside {@code protocol}; {@code engine}
 * uses {@code scenario}, {@code device} and {@code cloudapi}, never the hub; {@code provision} creates a scenario's
 * fleet through {@code cloudapi}; {@code cluster} runs the engine;
 * {@code metrics} and {@code report} never touch devices; nothing outside {@code hub} imports {@code hub.impl}. The
 * edges are the ones the code has: a new edge is a decision, made here.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/io/fleetstorm");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.fleetstorm\\.([a-z]+)(\\.impl)?\\.",
            Pattern.MULTILINE);
    private static final Pattern ACTIVITY_DISPATCH = Pattern.compile("instanceof\\s+(Activity\\.|(ConnectRamp|Publish"
            + "|ReconnectStorm|ShadowReport|ShadowGet|ShadowDesired|Downlink|OtaWave)\\b)");
    private static final Pattern QUALIFIED = Pattern.compile("\\bio\\.fleetstorm\\.([a-z]+)(\\.impl)?\\.[A-Z]");

    /** Which top-level packages each package may use (besides itself). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("protocol", Set.of()),
            // fleetstorm's own Cloud API client: beside protocol (it signs with protocol's TC3 signer)
            Map.entry("cloudapi", Set.of("protocol")),
            Map.entry("tls", Set.of()),
            Map.entry("hub", Set.of("protocol", "tls")),
            // a scenario's hub: section is parsed by the hub's own fault grammar (HubFaultSpec) into its HubFaults
            Map.entry("scenario", Set.of("protocol", "tls", "hub")),
            Map.entry("metrics", Set.of()),
            Map.entry("device", Set.of("protocol", "tls", "metrics")),
            Map.entry("engine", Set.of("scenario", "device", "metrics", "protocol", "tls", "cloudapi")),
            Map.entry("report", Set.of("metrics", "scenario")),
            Map.entry("cli", Set.of("protocol", "tls", "hub", "scenario", "metrics", "engine", "report", "cluster",
                    "cloudapi", "capacity", "provision")),
            // the capacity search judges steps as the report judges runs; cli runs the steps
            Map.entry("capacity", Set.of("scenario", "metrics", "report")),
            // creating a scenario's products and devices through the Cloud API, with its manifest and files
            Map.entry("provision", Set.of("scenario", "cloudapi", "protocol")),
            Map.entry("cluster", Set.of("scenario", "engine", "metrics")));

    @Test
    void everyPackageUsesOnlyWhatItMay() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(file -> check(file, violations));
        }
        assertThat(violations).isEmpty();
    }

    /** Each activity schedules and executes itself: no dispatch on its kind outside the activity. */
    @Test
    void nothingDispatchesOnActivityKinds() throws IOException {
        List<String> dispatch = new ArrayList<>();
        for (String pkg : List.of("engine", "cluster", "cli")) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(file -> {
                    try {
                        if (ACTIVITY_DISPATCH.matcher(Files.readString(file)).find()) {
                            dispatch.add(file.toString());
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        assertThat(dispatch).isEmpty();
    }

    /** The device and the engine were split so that no file of theirs is a god class again. */
    @Test
    void noFileOfTheDeviceTheEngineOrTheClusterPassesFourHundredLines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (String pkg : List.of("device", "engine", "cluster")) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(file -> {
                    try {
                        long lines = Files.readAllLines(file).size();
                        if (lines > 400) {
                            tooLong.add(file + ": " + lines + " lines");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        assertThat(tooLong).isEmpty();
    }

    @Test
    void theRuleCoversEveryPackage() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .allSatisfy(name -> assertThat(ALLOWED).containsKey(name));
        }
    }

    private static void check(Path file, List<String> violations) {
        String owner = MAIN.relativize(file).getName(0).toString();
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Pattern pattern : List.of(IMPORT, QUALIFIED)) {
            Matcher m = pattern.matcher(source);
            while (m.find()) {
                String used = m.group(1);
                boolean impl = m.group(2) != null;
                if (used.equals(owner)) {
                    continue;
                }
                if (!ALLOWED.getOrDefault(owner, Set.of()).contains(used)) {
                    violations.add(file + ": " + owner + " must not use " + used);
                } else if (impl && used.equals("hub")) {
                    violations.add(file + ": only hub may use hub.impl");
                }
            }
        }
    }
}
