package io.fleetstorm.cli;

import io.fleetstorm.cloudapi.CloudApiClient;
import io.fleetstorm.cloudapi.CloudApiOptions;
import io.fleetstorm.provision.Manifest;
import io.fleetstorm.provision.ProvisionCounts;
import io.fleetstorm.provision.ProvisionGroup;
import io.fleetstorm.provision.Provisioner;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.ScenarioException;
import io.fleetstorm.scenario.ScenarioLoader;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code provision} and {@code deprovision} share: the scenario (its credentials files named, not read), the
 * target's API and its credentials, the manifest, the rate, and the progress bar.
 */
final class ProvisionSetup {

    @Parameters(paramLabel = "SCENARIO", description = "The scenario whose products and devices to create or delete.")
    Path file;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Overrides a value of the file (repeatable).")
    Map<String, String> overrides = new java.util.LinkedHashMap<>();

    @Option(names = "--manifest", paramLabel = "FILE", description = "Where provision records what it created, and "
            + "deprovision reads it (default: SCENARIO's name with .provision.jsonl, beside it).")
    Path manifestFile;

    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "API requests per second per action (default: "
            + "the cloud's 20 for its endpoints, unlimited for a fleetstorm hub); lower it when other tools share "
            + "the account's limit.")
    Double rate;

    Scenario scenario() {
        try {
            Scenario s = ScenarioLoader.loadForProvisioning(file, overrides);
            if (s.target().embedded() || s.target().apiUrl() == null) {
                throw new InvalidInputException(file + ": provisioning needs a target with an api (target.api: the "
                        + "Cloud API endpoint, e.g. https://iotcloud.tencentcloudapi.com, or a fleetstorm hub's)");
            }
            if (s.target().apiCredentials() != null) {
                ApiAccess.file(s.target().apiCredentials());
            }
            return s;
        } catch (ScenarioException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    Path manifestPath() {
        if (manifestFile != null) {
            return manifestFile;
        }
        String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path dir = file.toAbsolutePath().getParent();
        return dir.resolve(name + ".provision.jsonl");
    }

    CloudApiOptions apiOptions(Scenario s) {
        CloudApiOptions o = ApiAccess.forTarget(System.getenv(), s.target().apiCredentials(), s.target().apiUrl());
        if (rate != null) {
            try {
                o = o.withRequestsPerSecond(rate);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--rate: " + e.getMessage().replace("requestsPerSecond ", ""));
            }
        }
        return o;
    }

    /** Whether the API is a fleetstorm hub (which takes product ids in CreateProduct), not the cloud. */
    static boolean fleetstormHub(String apiUrl) {
        String host = URI.create(apiUrl).getHost();
        return host == null || !host.toLowerCase(Locale.ROOT).endsWith(CloudApiOptions.CLOUD_HOST_SUFFIX);
    }

    /** The manifest, checked to be for this target (a manifest of another target must not steer this one). */
    static Manifest openManifest(Path path, String apiUrl, CloudApiOptions options) throws IOException {
        Manifest m = Manifest.open(path);
        if (m.api() != null && !m.api().equals(apiUrl)) {
            m.close();
            throw new InvalidInputException(path + ": this manifest records provisioning against " + m.api()
                    + ", not " + apiUrl + "; give another --manifest");
        }
        return m;
    }

    static CloudApiClient client(Vertx vertx, Scenario s, CloudApiOptions options) {
        return new CloudApiClient(vertx, URI.create(s.target().apiUrl()), options);
    }

    static List<ProvisionGroup> groups(Scenario s) {
        return ProvisionGroup.of(s);
    }

    /** A progress bar on the error stream, at most once a second, and always at the end. */
    static Provisioner.Progress bar(PrintWriter err, String verb) {
        long start = System.nanoTime();
        long[] last = {0};
        return (done, total, counts) -> {
            long now = System.nanoTime();
            if (now - last[0] < 1_000_000_000L && done < total) {
                return;
            }
            last[0] = now;
            int width = 30;
            int filled = total == 0 ? width : (int) (width * done / total);
            double seconds = Math.max(0.001, (now - start) / 1e9);
            err.printf(Locale.ROOT, "%s [%s%s] %,d/%,d devices (%.0f%%), %,d failed, %.0f/s%n", verb,
                    "#".repeat(filled), "-".repeat(width - filled), done, total,
                    total == 0 ? 100.0 : 100.0 * done / total, counts.failedTotal(), done / seconds);
            err.flush();
        };
    }

    /** The failures by cause, one line each with the cloud's explanation when there is one. */
    static void failures(PrintWriter out, ProvisionCounts counts) {
        Map<String, String> examples = counts.examples();
        counts.failures().forEach((cause, n) -> {
            String why = io.fleetstorm.metrics.ErrorKind.explain("api", cause).orElse(null);
            out.printf(Locale.ROOT, "  failed: %,d x %s%s%n", n, cause, why == null || why.equals(
                    io.fleetstorm.metrics.ErrorKind.API.explanation()) ? "" : " (" + why + ")");
            if (examples.containsKey(cause)) {
                out.println("    first: " + examples.get(cause));
            }
        });
    }
}
