package io.fleetstorm.cli;

import io.fleetstorm.cloudapi.CloudApiClient;
import io.fleetstorm.cloudapi.CloudApiOptions;
import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.provision.Manifest;
import io.fleetstorm.provision.ProvisionCounts;
import io.fleetstorm.provision.ProvisionException;
import io.fleetstorm.provision.ProvisionGroup;
import io.fleetstorm.provision.Provisioner;
import io.fleetstorm.scenario.Scenario;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fleetstorm provision SCENARIO}: creates the scenario's products and devices through the target's API. */
@Command(name = "provision", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Creates the scenario's products and devices through the target's Cloud API (target.api, "
                + "signed with TENCENTCLOUD_SECRET_ID/KEY or target.apiCredentials) within its rate limits, and "
                + "writes each group's credentials: its csv (deviceName,devicePsk as the console exports them) or "
                + "certDir (NAME.pem, NAME.key); productSecret groups get their derived PSKs as DefinedPsk. "
                + "Idempotent and resumable: a manifest records what was created, so a rerun creates only what is "
                + "missing and deprovision deletes exactly that. Exit 0 all done, 2 bad input, 4 some devices "
                + "failed (rerun to retry them).")
final class ProvisionCommand implements Callable<Integer> {

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
        List<ProvisionGroup> groups = ProvisionSetup.groups(scenario);
        long devices = groups.stream().mapToLong(ProvisionGroup::count).sum();
        out.printf(Locale.ROOT, "provision: %s, %,d device(s) in %d group(s) through %s (%s, %s)%n",
                scenario.name(), devices, groups.size(), api, options.credentials() == null ? "unsigned"
                        : "SecretId " + options.credentials().secretId(), options.limiter());
        out.flush();
        long start = System.nanoTime();
        Vertx vertx = Vertx.vertx();
        CloudApiClient client = ProvisionSetup.client(vertx, scenario, options);
        try (Manifest manifest = ProvisionSetup.openManifest(setup.manifestPath(), api, options)) {
            if (manifest.ignoredLines() > 0) {
                err.println("warning: " + manifest.file() + ": " + manifest.ignoredLines() + " line(s) could not be "
                        + "read and were ignored (edited by hand?)");
            }
            if (manifest.api() == null) {
                manifest.target(api, options.credentials() == null ? null : options.credentials().secretId());
            }
            Provisioner provisioner = new Provisioner(client::call, manifest, ProvisionSetup.fleetstormHub(api),
                    ProvisionSetup.bar(err, "provision"));
            ProvisionCounts counts;
            try {
                counts = provisioner.run(groups);
            } catch (ProvisionException e) {
                throw new InvalidInputException("provision: " + e.getMessage() + " (manifest: " + manifest.file()
                        + ")");
            }
            out.printf(Locale.ROOT, "provision: %,d device(s): %,d created, %,d created earlier, %,d existed before, "
                    + "%,d recovered from an interrupted run, %,d failed; %,d API call(s) in %.1f s%n", devices,
                    counts.done(), counts.already(), counts.existedBefore(), counts.recovered(), counts.failedTotal(),
                    counts.calls(), (System.nanoTime() - start) / 1e9);
            ProvisionSetup.failures(out, counts);
            for (ProvisionGroup g : groups) {
                if (!(g.output() instanceof ProvisionGroup.Derived)) {
                    out.printf("  credentials of %s: %s%n", g.name(), g.output() instanceof ProvisionGroup.Csv c
                            ? c.file() : ((ProvisionGroup.CertDir) g.output()).dir());
                }
            }
            out.println("  manifest: " + manifest.file() + " (fleetstorm deprovision deletes what it records)");
            out.flush();
            return counts.failedTotal() == 0 ? ExitCode.OK.code() : ExitCode.ABORTED.code();
        } finally {
            client.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
