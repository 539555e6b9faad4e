package io.fleetstorm.cli;

import io.fleetstorm.cloudapi.CloudApiClient;
import io.fleetstorm.cloudapi.CloudApiOptions;
import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.provision.Deprovisioner;
import io.fleetstorm.provision.Manifest;
import io.fleetstorm.provision.ProvisionCounts;
import io.fleetstorm.provision.ProvisionException;
import io.fleetstorm.scenario.Scenario;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fleetstorm deprovision SCENARIO}: deletes exactly what {@code provision} created. */
@Command(name = "deprovision", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Deletes exactly what 'fleetstorm provision' created for the scenario, as its manifest "
                + "records it: the devices it created, then the products it created; never a device that existed "
                + "before. The deleted devices' credentials are removed from the group's files. Resumable. Exit 0 "
                + "all done, 2 bad input or no manifest, 4 some deletions failed (rerun to retry them).")
final class DeprovisionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProvisionSetup setup;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario scenario = setup.scenario();
        CloudApiOptions options = setup.apiOptions(scenario);
        String api = scenario.target().apiUrl();
        Path path = setup.manifestPath();
        if (!Manifest.exists(path)) {
            throw new InvalidInputException(path + ": no manifest, so nothing provision created is known; "
                    + "deprovision deletes only what a manifest records (give --manifest if it is elsewhere)");
        }
        long start = System.nanoTime();
        Vertx vertx = Vertx.vertx();
        CloudApiClient client = ProvisionSetup.client(vertx, scenario, options);
        ProvisionCounts counts;
        try (Manifest manifest = ProvisionSetup.openManifest(path, api, options)) {
            long owned = manifest.products().values().stream().mapToLong(p -> p.owned().size()).sum();
            out.printf(Locale.ROOT, "deprovision: %s, %,d device(s) provision created, through %s%n",
                    scenario.name(), owned, api);
            out.flush();
            try {
                counts = new Deprovisioner(client::call, manifest, ProvisionSetup.bar(err, "deprovision"))
                        .run(ProvisionSetup.groups(scenario));
            } catch (ProvisionException e) {
                throw new InvalidInputException("deprovision: " + e.getMessage());
            }
        } finally {
            client.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        out.printf(Locale.ROOT, "deprovision: %,d deleted, %,d already gone, %,d failed; %,d API call(s) in %.1f s%n",
                counts.done(), counts.already(), counts.failedTotal(), counts.calls(),
                (System.nanoTime() - start) / 1e9);
        ProvisionSetup.failures(out, counts);
        if (counts.failedTotal() == 0) {
            // everything it recorded is gone: a later provision starts from a fresh manifest
            Path done = path.resolveSibling(path.getFileName() + ".deprovisioned-" + Instant.now().getEpochSecond());
            Files.move(path, done);
            out.println("  manifest kept as " + done);
        }
        out.flush();
        return counts.failedTotal() == 0 ? ExitCode.OK.code() : ExitCode.ABORTED.code();
    }
}
