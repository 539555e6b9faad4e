package io.fleetstorm.cli;

import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.report.compare.CompareHtml;
import io.fleetstorm.report.compare.CompareJson;
import io.fleetstorm.report.compare.CompareJunit;
import io.fleetstorm.report.compare.CompareText;
import io.fleetstorm.report.compare.ComparedRun;
import io.fleetstorm.report.compare.RegressionRule;
import io.fleetstorm.report.compare.RunComparison;
import io.fleetstorm.scenario.Scenario;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fleetstorm compare BASELINE CURRENT [--rule "publish-ack.p99 +10%"]...}: two saved runs compared operation by
 * operation, with run-to-run noise estimated from their interval histograms; exit 3 on a regression, naming the rule.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Compares two saved runs (output directories or summary.json files) operation by operation: "
                + "throughput, p50/p90/p99/p99.9/max latency and the error rate, each with its change and the "
                + "interval of that change (a moving-block bootstrap over the runs' interval histograms in "
                + "latency.hlog). A regression rule fails when, at the confidence level, the worsening exceeds its "
                + "allowance; rules come from --rule, else the scenario's regressions (--scenario), else the "
                + "defaults (every operation's p99 +10%%, errors.rate +0.1pp). Writes compare.json, compare.html and "
                + "junit.xml. Exit code 0: no regression, 3: a regression (the rule named), 2: bad input.")
final class CompareCommand implements Callable<Integer> {

    static final String DEFAULT_OUTPUT = "fleetstorm-compare";

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingMixin logging;

    @Parameters(index = "0", paramLabel = "BASELINE", description = "The baseline run: its output directory or "
            + "summary.json.")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "The run judged against it.")
    Path current;

    @Option(names = "--rule", paramLabel = "RULE", description = "A regression rule (repeatable): "
            + "'publish-ack.p99 +10%%', 'connect.p50 +5ms', 'publish-ack.rate -5%%', 'errors.rate +0.1pp', "
            + "optionally for one group: 'publish-ack.p99{group:sensors} +10%%'.")
    List<String> rules = new ArrayList<>();

    @Option(names = "--scenario", paramLabel = "FILE", description = "Takes the rules from this scenario's "
            + "regressions: list (when no --rule is given).")
    Path scenario;

    @Option(names = "--confidence", paramLabel = "PERCENT", defaultValue = "95%", description = "The confidence of "
            + "the intervals (default: ${DEFAULT-VALUE}; 80%% to 99.9%%).")
    String confidence;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where compare.json, compare.html and "
            + "junit.xml go (default: " + DEFAULT_OUTPUT + ").")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        double level = confidence(confidence);
        List<RegressionRule> given = new ArrayList<>();
        for (String r : rules) {
            try {
                given.add(RegressionRule.parse(r));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--rule: " + e.getMessage());
            }
        }
        if (given.isEmpty() && scenario != null) {
            given.addAll(rulesOf(ValidateCommand.load(scenario, Map.of())));
        }
        ComparedRun a = ComparedRun.read(baseline);
        ComparedRun b = ComparedRun.read(current);
        if (given.isEmpty()) {
            Set<String> ops = new LinkedHashSet<>();
            for (ComparedRun r : List.of(a, b)) {
                r.report().result().run().latencies().keySet().forEach(k -> ops.add(k.operation().label()));
            }
            given.addAll(RegressionRule.defaults(List.copyOf(ops)));
        }
        RunComparison c = RunComparison.of(a, b, given, level);
        Path dir = output != null ? output : Path.of(DEFAULT_OUTPUT);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CompareJson.FILE_NAME), CompareJson.toJson(c).encodePrettily() + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(CompareHtml.FILE_NAME), CompareHtml.render(c), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(CompareJunit.FILE_NAME), CompareJunit.render(c), StandardCharsets.UTF_8);
        out.print(CompareText.render(c));
        out.println("results: " + dir.toAbsolutePath());
        out.flush();
        return c.regressed() ? ExitCode.THRESHOLDS_BREACHED.code() : ExitCode.OK.code();
    }

    /** The scenario's regression rules, every bad one named with its file and line, all at once (exit 2). */
    static List<RegressionRule> rulesOf(Scenario s) {
        List<RegressionRule> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Scenario.Regression r : s.regressions()) {
            try {
                out.add(RegressionRule.parse(r.expression()));
            } catch (IllegalArgumentException e) {
                problems.add(r.where() + " " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(String.join(System.lineSeparator(), problems));
        }
        return out;
    }

    static double confidence(String text) {
        String t = text == null ? "" : text.strip();
        double v = Double.NaN;
        if (t.matches("\\d{1,2}(\\.\\d{1,3})?%")) {
            v = Double.parseDouble(t.substring(0, t.length() - 1)) / 100;
        }
        if (!(v >= 0.8 && v <= 0.999)) {
            throw new InvalidInputException("--confidence must be a percentage from 80% to 99.9% (e.g. 95%), but was '"
                    + text + "'");
        }
        return v;
    }
}
