package io.fleetstorm.cli;

import io.fleetstorm.capacity.CapacityHtml;
import io.fleetstorm.capacity.CapacityJson;
import io.fleetstorm.capacity.CapacityResult;
import io.fleetstorm.capacity.CapacitySearch;
import io.fleetstorm.capacity.Dimension;
import io.fleetstorm.capacity.StepPlan;
import io.fleetstorm.capacity.StepResult;
import io.fleetstorm.capacity.StepTable;
import io.fleetstorm.engine.LocalRun;
import io.fleetstorm.metrics.PrometheusSink;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.report.ThresholdSpec;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.Units;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fleetstorm capacity FILE --vary GROUP.BEHAVIOUR.RATE --from 500/s --to 8000/s}: the highest load of one
 * dimension that still meets the scenario's thresholds. Each step is a run of the scenario (the run pipeline of
 * {@code fleetstorm run}, or of {@code run --agents N}) with the varied value set as a {@code --set} override, its
 * measured phases shortened to settle + measure; see {@link CapacitySearch} for the search and docs/capacity.md.
 */
@Command(name = "capacity", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Finds the highest load of one dimension of a scenario (a behaviour's rate, or a group's "
                + "device count) that still meets its thresholds: steps up the range, then bisects between the last "
                + "step that passed and the first that failed; a step stops early once a threshold is clearly lost, "
                + "and a step the generator could not drive is reported as generator-bound, never as the target's "
                + "capacity. Writes capacity.json, capacity.html and each step's run reports. Exit code 0: a "
                + "capacity found (or the whole range passed), 3: even the lowest step failed or the generator was "
                + "the bottleneck, 4: aborted or target unreachable, 2: bad input.")
final class CapacityCommand implements Callable<Integer> {

    private static final Pattern PRECISION = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,6})?)%|(0?\\.\\d{1,8})");
    static final String DEFAULT_OUTPUT = "fleetstorm-capacity";

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingMixin logging;

    @Parameters(paramLabel = "FILE", description = "The scenario file.")
    Path file;

    @Option(names = "--vary", required = true, paramLabel = "GROUP.BEHAVIOUR.RATE", description = "What to vary: "
            + "a group's behaviour rate (sensors.telemetry.rate = messages/s, sensors.connect.rate = connects/s, "
            + "sensors.shadow.report = shadow updates/s), replaced in every phase that runs it, or GROUP.count "
            + "(devices connected).")
    String vary;

    @Option(names = "--from", required = true, paramLabel = "LOAD", description = "The lowest load, e.g. 500/s "
            + "(or a device count for GROUP.count).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "LOAD", description = "The highest load, e.g. 8000/s.")
    String to;

    @Option(names = "--precision", paramLabel = "PERCENT", defaultValue = "5%", description = "Bisect until the "
            + "first failing load is within this much of the last passing one (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--confirm", paramLabel = "N", defaultValue = "1", description = "Runs a step that failed "
            + "without being clearly lost (no early stop) again, up to N times; it fails only when every run fails: "
            + "a shared machine's hiccup is not the target's limit (default: ${DEFAULT-VALUE}; 0 = off).")
    int confirm;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Time at each step's load before measuring (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--measure", paramLabel = "DURATION", defaultValue = "20s", converter = DurationConverter.class,
            description = "How long each step is measured after its settle (default: ${DEFAULT-VALUE}).")
    Duration measure;

    @Option(names = "--phase", paramLabel = "NAME", description = "The phase(s) measured (repeatable; default: the "
            + "phases that run the varied rate; for GROUP.count the last phase). Each lasts settle + measure.")
    List<String> phases = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "EXPR", description = "Judges each step by these thresholds "
            + "(repeatable) instead of the scenario's, e.g. 'publish-ack.p99 < 100ms'.")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Overrides a value of the file (repeatable), "
            + "as run --set does.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--target", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "Searches this hub instead of the file's target (or the embedded hub).")
    HostPort target;

    @Option(names = "--output", paramLabel = "DIR", description = "Where capacity.json, capacity.html and the "
            + "steps' reports go (default: " + DEFAULT_OUTPUT + ").")
    Path output;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serves Prometheus /metrics for the whole "
            + "search, steps and loads included (default: the file's outputs.metricsPort, else 9464, a free one "
            + "when taken; 0 = any free port, -1 = off).")
    Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address /metrics listens on (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--run-id", paramLabel = "ID", description = "Names the search in metrics (label run) and "
            + "capacity.json; step N runs as ID-stepN (default: scenario name and start time).")
    String runId;

    @Mixin
    ControllerMixin cluster;

    private Dimension dimension;
    private StepPlan plan;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario base = load(overrides);
        dimension = input(() -> Dimension.parse(vary, base));
        double low = input(() -> dimension.parseLoad("--from", from));
        double high = input(() -> dimension.parseLoad("--to", to));
        if (low > high) {
            throw new InvalidInputException("--from must be at most --to, but was " + from + " > " + to);
        }
        double ratio = precision(precision);
        if (confirm < 0 || confirm > 5) {
            throw new InvalidInputException("--confirm must be 0..5, but was " + confirm);
        }
        if (measure.compareTo(Duration.ofSeconds(2)) < 0 || settle.isNegative()) {
            throw new InvalidInputException("--measure must be at least 2s (two reporting intervals), but was "
                    + Units.format(measure));
        }
        List<ThresholdSpec> specs = thresholds(base);
        List<Integer> measured = input(() -> StepPlan.measuredPhases(base, dimension, phases));
        plan = new StepPlan(base, dimension, measured, settle, measure);
        specs = withoutDroppedPhases(specs, plan.droppedPhases(), err);
        if (!dimension.count()) {
            try {
                stepScenario(low);
            } catch (InvalidInputException e) {
                if (!e.getMessage().contains("no such place")) {
                    throw e;
                }
                dimension = dimension.withShorthand(true); // connect: 100/s, the rate written as the value
                plan = new StepPlan(base, dimension, measured, settle, measure);
            }
        }
        Scenario top = topStep(high);
        String id = runId != null ? runId : RunCommand.defaultRunId(base);
        Path dir = output != null ? output : Path.of(DEFAULT_OUTPUT);
        Files.createDirectories(dir.resolve("steps"));
        int agents = cluster.agents == null ? 1 : cluster.agents;
        out.printf("fleetstorm capacity: %s, %s from %s to %s within %s; each step %s settle + %s measured "
                        + "(phases %s)%s; target %s%n", base.name(), dimension.text(), dimension.format(low),
                dimension.format(high), Units.trim(ratio * 100) + "%", Units.format(settle), Units.format(measure),
                String.join(", ", plan.measuredNames()), agents > 1 ? " over " + agents + " agents" : "",
                top.target().embedded() ? "embedded hub" + (top.hubFaults().isEmpty() ? ""
                        : " (" + String.join("; ", top.hubFaults().describe()) + ")")
                        : top.target().host() + ":" + top.target().port());
        out.println("judged by: " + (specs.isEmpty() ? "the default sanity rules only (errors.rate <= 5%, "
                + "connect.ratio >= 95%): state thresholds in the scenario or with --threshold"
                : String.join("; ", specs.stream().map(ThresholdSpec::expression).toList())));
        out.flush();
        RunInfo info = LocalRun.runInfo(base, id);
        List<ThresholdSpec> judged = specs;
        CapacityResult result;
        try (PrometheusSink prometheus = prometheus(info, base, out, err);
             CapacityGauges gauges = new CapacityGauges(prometheus, info, dimension);
             StopSignal stop = new StopSignal();
             CapacityRunner runner = cluster.agents != null
                     ? new CapacityCluster(this, top, judged, prometheus, gauges, dir, id)
                     : new CapacityLocal(this, judged, prometheus, gauges, dir, id)) {
            stop.onSignal(signal -> {
                err.println("\nfleetstorm: " + signal + " received, stopping the search (results so far are kept)");
                err.flush();
                runner.abort("stopped by " + signal);
            });
            result = new CapacitySearch(dimension, low, high, ratio, confirm, (index, load, stage) -> {
                out.printf("step %d (%s): %s%n", index, stage, dimension.format(load));
                out.flush();
                StepResult r = runner.run(index, load, stage);
                out.print(StepTable.line(r, dimension, dimension.focus(judged)));
                out.flush();
                return r;
            }).search();
        }
        JsonObject json = CapacityJson.toJson(result, base.name(), id, judged.stream().map(ThresholdSpec::expression)
                .toList(), settle.toMillis() / 1000.0, measure.toMillis() / 1000.0, agents);
        Files.writeString(dir.resolve(CapacityJson.FILE_NAME), json.encodePrettily() + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(CapacityHtml.FILE_NAME), CapacityHtml.render(result, json,
                dimension.focus(judged), judged), StandardCharsets.UTF_8);
        out.print(StepTable.render(result, dimension.focus(judged)));
        out.println(result.answer());
        out.println("results: " + dir.toAbsolutePath());
        out.flush();
        return result.exitCode().code();
    }

    /** The scenario of a step at {@code load}: the file with the user's overrides and the step's, validated. */
    Scenario stepScenario(double load) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.putAll(plan.overrides(load));
        return RunOverrides.apply(load(all), plan.length(), null);
    }

    /** The overrides of a step (the user's and the step's), as agents receive them. */
    Map<String, String> stepOverrides(double load) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.putAll(plan.overrides(load));
        return all;
    }

    StepPlan plan() {
        return plan;
    }

    Dimension dimension() {
        return dimension;
    }

    String targetText() {
        return target == null ? null : target.toString();
    }

    /** The largest step must be valid and fit this process before the first step runs. */
    private Scenario topStep(double high) {
        Scenario top;
        try {
            top = stepScenario(high);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--to " + to + ": the largest step is not a valid scenario: "
                    + e.getMessage());
        }
        if (cluster.agents == null) {
            try {
                Capacity.check(top);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--to " + to + ": " + e.getMessage() + (dimension.connects()
                        ? " (a connect-rate step connects rate x " + Units.format(settle.plus(measure))
                        + " devices: a shorter --settle/--measure needs fewer)" : ""));
            }
        }
        return top;
    }

    private Scenario load(Map<String, String> values) {
        Scenario s = ValidateCommand.load(file, values);
        return RunOverrides.applyUserFlags(s, null, target == null ? null : target.toString());
    }

    private List<ThresholdSpec> thresholds(Scenario base) {
        if (thresholds.isEmpty()) {
            return ScenarioThresholds.of(base);
        }
        List<ThresholdSpec> out = new ArrayList<>();
        for (String t : thresholds) {
            out.add(input(() -> ThresholdSpec.parse(t)));
        }
        return out;
    }

    /** Thresholds of phases a step never runs cannot judge it: they are named and left out. */
    private static List<ThresholdSpec> withoutDroppedPhases(List<ThresholdSpec> specs, List<String> dropped,
            PrintWriter err) {
        List<ThresholdSpec> kept = new ArrayList<>();
        for (ThresholdSpec t : specs) {
            if (t.phase() != null && dropped.contains(t.phase())) {
                err.println("fleetstorm: threshold '" + t.expression() + "' (phase " + t.phase() + ") does not judge "
                        + "capacity steps: a step ends with its last measured phase");
            } else {
                kept.add(t);
            }
        }
        return kept;
    }

    static double precision(String text) {
        Matcher m = PRECISION.matcher(text == null ? "" : text.strip());
        double v = !m.matches() ? Double.NaN : m.group(1) != null ? Double.parseDouble(m.group(1)) / 100
                : Double.parseDouble(m.group(2));
        if (!(v >= 0.001 && v <= 0.5)) {
            throw new InvalidInputException("--precision must be a percentage from 0.1% to 50% (e.g. 5%), but was '"
                    + text + "'");
        }
        return v;
    }

    /** The search's /metrics, as run serves its own: the file's port, else 9464 or a free one. */
    private PrometheusSink prometheus(RunInfo info, Scenario scenario, PrintWriter out, PrintWriter err)
            throws Exception {
        boolean explicit = metricsPort != null || scenario.metricsPort() >= 0;
        int port = metricsPort != null ? metricsPort : explicit ? scenario.metricsPort() : PrometheusSink.DEFAULT_PORT;
        if (port < 0) {
            return null;
        }
        PrometheusSink sink;
        try {
            sink = new PrometheusSink(info, metricsHost, port);
        } catch (BindException e) {
            if (explicit) {
                throw new InvalidInputException("cannot serve metrics on " + metricsHost + ":" + port + ": the port "
                        + "is in use (choose another with --metrics-port, 0 = any free port, -1 = off)");
            }
            sink = new PrometheusSink(info, metricsHost, 0);
            err.println("fleetstorm: port " + port + " is in use; serving metrics on port " + sink.port());
        }
        out.printf("metrics: http://%s:%d/metrics%n", metricsHost, sink.port());
        return sink;
    }

    /** A value read from user input: a rule it breaks is exit code 2 with the message. */
    private static <T> T input(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }
}
