package io.fleetstorm.cli;

import io.fleetstorm.report.ConsoleSummary;
import io.fleetstorm.report.ReportFiles;
import io.fleetstorm.report.RunReport;
import io.fleetstorm.report.SummaryMerge;
import io.fleetstorm.report.SummaryReader;
import io.fleetstorm.report.ThresholdSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fleetstorm report DIR-or-summary.json...}: re-renders the console summary, junit.xml and report.html from
 * saved results; several inputs (shards or repeated runs) merge into one exact result, thresholds re-evaluated.
 */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Re-renders the reports of saved runs; several inputs (shards or repeated runs) are merged "
                + "exactly (histograms added, counters summed) and their thresholds and the default sanity rules "
                + "re-evaluated (windowed thresholds keep the judgement made while running). The exit code is the "
                + "verdict's.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingMixin logging;

    @Parameters(paramLabel = "DIR-or-summary.json", arity = "1..*",
            description = "Output directories of runs, or their summary.json files.")
    List<Path> inputs;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Where to write summary.json, junit.xml and report.html (default: the input directory "
                    + "for one directory, else ./fleetstorm-report).")
    Path out;

    @Option(names = "--threshold", paramLabel = "EXPR",
            description = "Replaces the saved thresholds (repeatable), e.g. 'publish-ack.p99 < 200ms'.")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--accept-saturation", description = "Do not mark the result INVALID if the generator was "
            + "saturated.")
    boolean acceptSaturation;

    @Override
    public Integer call() throws Exception {
        List<RunReport> reports = new ArrayList<>();
        for (Path input : inputs) {
            reports.add(SummaryReader.read(input));
        }
        RunReport report = SummaryMerge.merge(reports);
        if (!thresholds.isEmpty() || acceptSaturation) {
            List<ThresholdSpec> specs = thresholds.isEmpty() ? report.thresholds()
                    : thresholds.stream().map(ThresholdSpec::parse).toList();
            for (ThresholdSpec s : specs) {
                if (s.windowed() && report.live().of(s) == null) {
                    throw new InvalidInputException("threshold '" + s.expression() + "': a window ({last:...}) is "
                            + "judged while the run runs, and the saved run has no judgement of it; drop the window "
                            + "to judge the whole run");
                }
            }
            report = RunReport.evaluate(report.result(), specs, acceptSaturation || report.acceptSaturation(),
                    report.sources(), report.live());
        }
        Path dir = out != null ? out
                : inputs.size() == 1 && Files.isDirectory(inputs.get(0)) ? inputs.get(0) : Path.of("fleetstorm-report");
        ReportFiles.write(report, dir);
        spec.commandLine().getOut().print(ConsoleSummary.render(report));
        spec.commandLine().getOut().println("reports written to " + dir);
        spec.commandLine().getOut().flush();
        return report.verdict().exitCode();
    }
}
