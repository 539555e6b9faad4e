package io.fleetstorm.cli;

import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.scenario.Behaviour;
import io.fleetstorm.scenario.Quotas;
import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.ScenarioException;
import io.fleetstorm.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fleetstorm plan FILE}: the timeline a scenario will run, its totals, and the peaks against limits. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Prints a scenario's timeline: per phase, devices connected, connects/s and messages/s per "
                + "behaviour, expected totals, and the peak against the hub's quotas and this process's sockets.")
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The scenario file.")
    Path file;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Overrides a value first.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Scenario s;
        try {
            s = ScenarioLoader.load(file, overrides);
        } catch (ScenarioException e) {
            throw new InvalidInputException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %s, %.0f s, target %s%n", file, s.name(), (double) s.totalDuration().toSeconds(),
                s.target().embedded() ? "embedded hub" : s.target().host() + ":" + s.target().port());
        Map<String, Integer> connected = new LinkedHashMap<>();
        s.groups().forEach(g -> connected.put(g.name(), 0));
        Map<String, Double> totals = new LinkedHashMap<>();
        for (Scenario.Phase phase : s.phases()) {
            long nanos = phase.duration().toNanos();
            out.printf("phase %-14s %6.0f s%n", phase.name(), nanos / 1e9);
            for (Scenario.Group g : s.groups()) {
                for (Behaviour b : phase.behaviours().getOrDefault(g.name(), List.of())) {
                    Rate rate = rateOf(b);
                    double expected = rate == null ? 0 : rate.expectedCount(g.count(), nanos);
                    if (b instanceof Behaviour.Connect) {
                        int before = connected.get(g.name());
                        expected = Math.min(expected, g.count() - before); // a ramp stops when all are connected
                        connected.put(g.name(), (int) (before + expected));
                    }
                    String figure = rate == null ? "" : String.format(" %8.1f/s, %10.0f in the phase",
                            Math.max(rate.totalFrom(g.count()), rate.totalTo(g.count())), expected);
                    if (rate != null) {
                        totals.merge(label(b), expected, Double::sum);
                    }
                    out.printf("  %-12s %-10s%s%n", g.name(), label(b), figure);
                }
                out.printf("  %-12s connected at the end: %d of %d%n", g.name(), connected.get(g.name()), g.count());
            }
        }
        out.println("totals:");
        totals.forEach((k, v) -> out.printf("  %-10s %12.0f%n", k, v));
        int need = Capacity.socketsNeeded(s);
        long limit = Capacity.openFilesLimit();
        out.printf("sockets: %d needed (devices%s + spare), %s allowed%n", need,
                s.target().embedded() ? " x2 for the embedded hub" : "", limit < 0 ? "unknown" : Long.toString(limit));
        Quotas.warnings(s).forEach(out::println);
        out.flush();
        Capacity.check(s);
        return ExitCode.OK.code();
    }

    private static Rate rateOf(Behaviour b) {
        if (b instanceof Behaviour.Connect c) {
            return c.rate();
        }
        if (b instanceof Behaviour.Telemetry t) {
            return t.rate();
        }
        if (b instanceof Behaviour.Echo e) {
            return e.rate();
        }
        if (b instanceof Behaviour.Downlink d) {
            return d.rate();
        }
        if (b instanceof Behaviour.Shadow s) {
            return s.report() != null ? s.report() : s.desired() != null ? s.desired() : s.get();
        }
        return null;
    }

    private static String label(Behaviour b) {
        return b.getClass().getSimpleName().toLowerCase();
    }
}
