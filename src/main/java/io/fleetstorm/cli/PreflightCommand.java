package io.fleetstorm.cli;

import io.fleetstorm.engine.LoadPlan;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.scenario.Scenario;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fleetstorm preflight SCENARIO}: what would fail, found in seconds, before any storm. */
@Command(name = "preflight", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Checks a scenario against its target in seconds, before any storm: DNS of every target host, "
                + "TCP, the TLS handshake and CA, one device per group connecting and subscribing, the API "
                + "credentials (one read-only call), the products and devices named, the cloud's per-device quotas "
                + "and the API's rate limits against the plan, and this machine's sockets. Prints a table of what "
                + "passed and what would fail. Exit 0 when nothing fails (warnings allowed), 2 otherwise.")
final class PreflightCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "The scenario file.")
    Path file;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Overrides a value of the file (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--target", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "Checks this hub instead of the file's target.")
    HostPort target;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Scenario scenario = RunOverrides.applyUserFlags(ValidateCommand.load(file, overrides), null,
                target == null ? null : target.toString());
        Hub hub = scenario.target().embedded() ? EmbeddedTarget.start(scenario) : null;
        Vertx vertx = Vertx.vertx();
        try {
            LoadPlan plan = RunCommand.compile(scenario, hub);
            out.printf("fleetstorm preflight: %s against %s%n", scenario.name(), hub != null
                    ? "the embedded hub (started for the checks)" : String.join(", ", TargetHosts.hosts(scenario))
                            + " port " + scenario.target().port() + (plan.apiUrl() == null ? "" : ", api "
                            + plan.apiUrl()));
            out.flush();
            return print(out, PreflightChecks.run(scenario, plan, vertx, hub != null));
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            if (hub != null) {
                hub.close();
            }
        }
    }

    /** The table and its verdict line; the exit code: 0, or 2 when a check failed. */
    static int print(PrintWriter out, List<PreflightRow> rows) {
        out.print(PreflightRow.table(rows));
        long failed = rows.stream().filter(r -> r.status() == PreflightRow.Status.FAIL).count();
        long warned = rows.stream().filter(r -> r.status() == PreflightRow.Status.WARN).count();
        out.printf(Locale.ROOT, "preflight: %d check(s), %d failed, %d warning(s)%s%n", rows.size(), failed, warned,
                failed == 0 ? ": ready" : ": fix the failures above before the run");
        out.flush();
        return failed == 0 ? ExitCode.OK.code() : ExitCode.INVALID_INPUT.code();
    }
}
