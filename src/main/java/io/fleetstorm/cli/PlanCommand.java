package io.fleetstorm.cli;

import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.report.Human;
import io.fleetstorm.scenario.Quotas;
import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.Units;
import io.fleetstorm.scenario.behaviour.Behaviour;
import io.fleetstorm.scenario.behaviour.Offline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fleetstorm plan FILE}: the timeline a scenario will run, its totals, and the peaks against limits. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Prints a scenario's timeline: per phase, every behaviour of every group with its rates and "
                + "the operations expected, devices connected, totals, and the peaks against the hub's quotas and "
                + "this process's sockets.")
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The scenario file.")
    Path file;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Overrides a value first.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() {
        Scenario s = ValidateCommand.load(file, overrides);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %s, %s, %s, target %s%n", file, s.name(), devices(s),
                Units.format(s.totalDuration()), s.target().embedded() ? "embedded hub"
                        : s.target().host() + ":" + s.target().port());
        Map<String, Double> totals = totals(s, out);
        out.println("totals:");
        totals.forEach((k, v) -> out.printf("  %-18s %12s%n", k, count(v)));
        if (s.agents() > 1) {
            out.println("agents: " + Capacity.checkPerAgent(s, Capacity.openFilesLimit()));
        } else {
            int need = Capacity.socketsNeeded(s);
            long limit = Capacity.openFilesLimit();
            out.printf("sockets: %,d needed (devices%s + spare), %s allowed%n", need,
                    s.target().embedded() ? " x2 for the embedded hub" : "",
                    limit < 0 ? "unknown" : String.format("%,d", limit));
        }
        Map<String, Double> api = apiCalls(s);
        if (!api.isEmpty()) {
            out.println("api calls (application side; see docs/cloud.md for the cloud's limits):");
            api.forEach((k, v) -> out.printf("  %-28s %12s calls%n", k, count(v)));
        }
        Quotas.warnings(s).forEach(out::println);
        out.flush();
        if (s.agents() == 1) {
            Capacity.check(s);
        }
        return ExitCode.OK.code();
    }

    /** Prints every phase's rows; returns the expected operations per row label over the run. */
    static Map<String, Double> totals(Scenario s, PrintWriter out) {
        Map<String, Integer> connected = new LinkedHashMap<>();
        s.groups().forEach(g -> connected.put(g.name(), 0));
        Map<String, Double> totals = new LinkedHashMap<>();
        for (Scenario.Phase phase : s.phases()) {
            long nanos = phase.duration().toNanos();
            out.printf("phase %s (%s)%n", phase.name(), Units.format(phase.duration()));
            for (Scenario.Group g : s.groups()) {
                if (phase.of(g.name()).isEmpty()) {
                    continue;
                }
                for (Behaviour b : phase.of(g.name())) {
                    for (Behaviour.PlanRow row : b.plan(g.count(), nanos)) {
                        double expected = row.expected();
                        if (row.connects()) {
                            int before = connected.get(g.name());
                            expected = Math.min(expected, g.count() - before); // a ramp ends once all are connected
                            connected.put(g.name(), (int) Math.round(before + expected));
                        }
                        if (b instanceof Offline) { // sub-devices taken offline are no longer connected
                            connected.put(g.name(), (int) Math.max(0, Math.round(connected.get(g.name()) - expected)));
                        }
                        totals.merge(row.label(), expected, Double::sum);
                        out.printf("  %-12s %-18s %-32s %12s%n", g.name(), row.label(), rateText(row.rate(),
                                g.count()), count(expected));
                    }
                }
                out.printf("  %-12s connected at the end: %,d of %,d%n", g.name(), connected.get(g.name()),
                        g.count());
            }
        }
        return totals;
    }

    /** {@code 1000 devices}, or with gateways {@code 10000 logical devices over 200 sockets (200 gateways)}. */
    static String devices(Scenario s) {
        if (!s.hasGateways()) {
            return Human.count(s.devices()) + (s.devices() == 1 ? " device" : " devices");
        }
        int gateways = s.groups().stream().filter(s::isGateway).mapToInt(Scenario.Group::count).sum();
        return Human.count(s.logicalDevices()) + " logical devices over " + Human.count(s.sockets()) + " sockets ("
                + Human.count(gateways) + " gateways)";
    }

    /**
     * The Cloud API calls the run's application side will make, by action: each behaviour's API rates over its phases,
     * and three calls per OTA wave that creates its task (GetCOSURL, UploadFirmware, BatchUpdateFirmware).
     */
    static Map<String, Double> apiCalls(Scenario s) {
        Map<String, Double> calls = new LinkedHashMap<>();
        for (Scenario.Phase phase : s.phases()) {
            for (Scenario.Group g : s.groups()) {
                for (Behaviour b : phase.of(g.name())) {
                    for (Behaviour.NamedRate r : b.apiRates()) {
                        calls.merge(r.label(), r.rate().expectedCount(g.count(), phase.duration().toNanos()),
                                Double::sum);
                    }
                    if (b.apiRates().isEmpty() && b.operations().contains("api-call")) {
                        calls.merge("OTA task (3 calls per wave)", 3.0, Double::sum);
                    }
                }
            }
        }
        return calls;
    }

    /** The group's total rate, with the per-device rate it comes from. */
    private static String rateText(Rate rate, int devices) {
        if (rate == null) {
            return "at the phase start";
        }
        String total = rate.totalFrom(devices) == rate.totalTo(devices) ? Rate.perUnit(rate.totalFrom(devices))
                : Rate.perUnit(rate.totalFrom(devices)) + " -> " + Rate.perUnit(rate.totalTo(devices));
        return total + (rate.poisson() ? " poisson" : "") + (rate.perDevice() ? " (" + rate + ")" : "");
    }

    private static String count(double v) {
        return String.format("%,d", Math.round(v));
    }
}
