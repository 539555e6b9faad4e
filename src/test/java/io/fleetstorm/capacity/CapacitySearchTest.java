package io.fleetstorm.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstorm.metrics.ExitCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search on scripted targets: which loads it tries, in what order, and the answer it gives. */
class CapacitySearchTest {

    private static final Dimension RATE = new Dimension("sensors.telemetry.rate", "sensors", "telemetry", "rate",
            "telemetry", false, false);
    private static final Dimension COUNT = new Dimension("sensors.count", "sensors", null, "count", null, false,
            false);

    /** A target that takes up to {@code capacity}, driven by a generator that keeps up to {@code generator}. */
    private static CapacitySearch.StepRunner target(double capacity, double generator) {
        return (index, load, stage) -> step(index, load, stage, load > generator ? Outcome.GENERATOR
                : load <= capacity ? Outcome.PASS : Outcome.FAIL);
    }

    private static StepResult step(int index, double load, String stage, Outcome outcome) {
        return new StepResult(index, load, stage, outcome, outcome == Outcome.PASS ? List.of() : List.of("scripted"),
                false, 10, 12, 0, 0, load, Map.of(), List.of(), List.of(), "steps/" + index);
    }

    private static List<Double> loads(CapacityResult r) {
        return r.steps().stream().map(StepResult::load).toList();
    }

    @Test
    void theLadderDoublesUpToTheTopOfTheRange() {
        assertThat(CapacitySearch.ladder(500, 8000, false)).containsExactly(500.0, 1000.0, 2000.0, 4000.0, 8000.0);
        assertThat(CapacitySearch.ladder(500, 6000, false)).containsExactly(500.0, 1000.0, 2000.0, 4000.0, 6000.0);
        assertThat(CapacitySearch.ladder(300, 300, false)).containsExactly(300.0);
        assertThat(CapacitySearch.ladder(3, 10, true)).containsExactly(3.0, 6.0, 10.0);
    }

    @Test
    void aTargetOfTwoThousandIsBracketedWithinThePrecision() throws Exception {
        CapacityResult r = new CapacitySearch(RATE, 500, 8000, 0.05, 0, target(2000, 1e9)).search();
        assertThat(loads(r)).containsExactly(500.0, 1000.0, 2000.0, 4000.0, 3000.0, 2500.0, 2250.0, 2125.0, 2062.5);
        assertThat(r.capacity()).isEqualTo(2000.0);
        assertThat(r.bound()).isEqualTo("target");
        assertThat(r.low()).isEqualTo(2000.0);
        assertThat(r.high()).isEqualTo(2062.5);
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(r.answer()).isEqualTo("capacity 2,000 msg/s (target-bound: 2,062.5 msg/s failed; bracket "
                + "2,000..2,062.5, within 5%)");
        assertThat(r.steps().stream().map(StepResult::stage).toList()).containsExactly("step", "step", "step", "step",
                "bisect", "bisect", "bisect", "bisect", "bisect");
    }

    @Test
    void aTargetBetweenStepsIsBisectedFromBelow() throws Exception {
        CapacityResult r = new CapacitySearch(RATE, 500, 8000, 0.05, 0, target(1900, 1e9)).search();
        assertThat(loads(r)).containsExactly(500.0, 1000.0, 2000.0, 1500.0, 1750.0, 1875.0, 1937.5);
        assertThat(r.capacity()).isEqualTo(1875.0);
        assertThat(r.high()).isEqualTo(1937.5);
    }

    @Test
    void theWholeRangePassingIsALowerBoundWithExitZero() throws Exception {
        CapacityResult r = new CapacitySearch(RATE, 500, 8000, 0.05, 0, target(1e9, 1e9)).search();
        assertThat(r.capacity()).isEqualTo(8000.0);
        assertThat(r.bound()).isEqualTo("none");
        assertThat(r.high()).isNull();
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(r.answer()).startsWith("capacity at least 8,000 msg/s");
    }

    @Test
    void evenTheLowestStepFailingIsExitThreeWithNoCapacity() throws Exception {
        CapacityResult r = new CapacitySearch(RATE, 500, 8000, 0.05, 0, target(100, 1e9)).search();
        assertThat(loads(r)).containsExactly(500.0);
        assertThat(r.capacity()).isNull();
        assertThat(r.bound()).isEqualTo("target");
        assertThat(r.exitCode()).isEqualTo(ExitCode.THRESHOLDS_BREACHED);
        assertThat(r.answer()).isEqualTo("no capacity in the range: even the lowest step (500 msg/s) failed; lower "
                + "--from");
    }

    @Test
    void aGeneratorThatFallsBehindFirstIsNeverReportedAsTheTargetsCapacity() throws Exception {
        CapacityResult r = new CapacitySearch(RATE, 500, 8000, 0.05, 0, target(5000, 3000)).search();
        assertThat(loads(r)).containsExactly(500.0, 1000.0, 2000.0, 4000.0);
        assertThat(r.bound()).isEqualTo("generator");
        assertThat(r.capacity()).as("a lower bound only").isEqualTo(2000.0);
        assertThat(r.high()).isNull();
        assertThat(r.exitCode()).isEqualTo(ExitCode.THRESHOLDS_BREACHED);
        assertThat(r.answer()).isEqualTo("generator-bound at 4,000 msg/s: fleetstorm itself fell behind, so the "
                + "target's limit is not known; it met every threshold up to 2,000 msg/s; add agents (--agents N) or "
                + "cores");
    }

    @Test
    void aGeneratorThatFallsBehindWhileBisectingKeepsTheBracketsPassingEnd() throws Exception {
        // the target fails at 4000; at 3000 the generator (busy with something else) falls behind
        CapacityResult r = new CapacitySearch(RATE, 500, 8000, 0.05, 0, (i, load, stage) -> step(i, load, stage,
                load == 3000 ? Outcome.GENERATOR : load <= 3500 ? Outcome.PASS : Outcome.FAIL)).search();
        assertThat(loads(r)).containsExactly(500.0, 1000.0, 2000.0, 4000.0, 3000.0);
        assertThat(r.bound()).isEqualTo("generator");
        assertThat(r.capacity()).isEqualTo(2000.0);
    }

    @Test
    void anAbortedOrUnreachableStepEndsTheSearchWithExitFour() throws Exception {
        CapacityResult aborted = new CapacitySearch(RATE, 500, 8000, 0.05, 0, (i, load, stage) ->
                step(i, load, stage, i == 2 ? Outcome.ABORTED : Outcome.PASS)).search();
        assertThat(aborted.bound()).isEqualTo("aborted");
        assertThat(aborted.capacity()).isNull();
        assertThat(aborted.low()).isEqualTo(500.0);
        assertThat(aborted.exitCode()).isEqualTo(ExitCode.ABORTED);
        CapacityResult unreachable = new CapacitySearch(RATE, 500, 8000, 0.05, 0, (i, load, stage) ->
                step(i, load, stage, Outcome.UNREACHABLE)).search();
        assertThat(unreachable.bound()).isEqualTo("unreachable");
        assertThat(unreachable.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(unreachable.answer()).isEqualTo("target unreachable at 500 msg/s: scripted");
    }

    @Test
    void deviceCountsBisectInWholeDevicesAndStopWhenTheyCannotSplit() throws Exception {
        CapacityResult r = new CapacitySearch(COUNT, 10, 100, 0.01, 0, target(33, 1e9)).search();
        assertThat(loads(r)).containsExactly(10.0, 20.0, 40.0, 30.0, 35.0, 32.0, 33.0, 34.0);
        assertThat(r.capacity()).isEqualTo(33.0);
        assertThat(r.high()).isEqualTo(34.0);
        assertThat(r.answer()).startsWith("capacity 33 devices");
    }

    @Test
    void aMarginalFailureIsRunAgainAndCountsOnlyWhenItFailsAgain() throws Exception {
        // at 1000 a hiccup of the machine fails the step once; past 2000 the target's queue loses it at once
        int[] runsAt1000 = {0};
        CapacityResult r = new CapacitySearch(RATE, 500, 8000, 0.2, 1, (i, load, stage) -> {
            if (load == 1000 && runsAt1000[0]++ == 0) {
                return step(i, load, stage, Outcome.FAIL);
            }
            if (load > 2000) {
                StepResult lost = step(i, load, stage, Outcome.FAIL);
                return new StepResult(i, load, stage, Outcome.FAIL, lost.reasons(), true, 4, 8, 0, 0, load,
                        Map.of(), List.of(), List.of(), lost.reportDir());
            }
            return step(i, load, stage, load <= 2000 ? Outcome.PASS : Outcome.FAIL);
        }).search();
        assertThat(loads(r)).containsExactly(500.0, 1000.0, 1000.0, 2000.0, 4000.0, 3000.0, 2500.0, 2250.0);
        assertThat(r.steps().stream().map(StepResult::stage).toList()).containsExactly("step", "step", "confirm",
                "step", "step", "bisect", "bisect", "bisect");
        assertThat(r.capacity()).isEqualTo(2000.0);
    }

    @Test
    void aFailureConfirmedIsAFailure() throws Exception {
        CapacityResult r = new CapacitySearch(RATE, 500, 8000, 0.5, 2, target(1500, 1e9)).search();
        assertThat(loads(r)).containsExactly(500.0, 1000.0, 2000.0, 2000.0, 2000.0, 1500.0);
        assertThat(r.capacity()).isEqualTo(1500.0);
        assertThat(r.high()).isEqualTo(2000.0);
    }

    @Test
    void aBadRangeOrPrecisionIsRefused() {
        assertThatThrownBy(() -> new CapacitySearch(RATE, 800, 500, 0.05, target(1, 1)))
                .hasMessage("the range must be 0 < from <= to, but was 800.0..500.0");
        assertThatThrownBy(() -> new CapacitySearch(RATE, 500, 800, 0, target(1, 1)))
                .hasMessageStartingWith("precision must be between 0% and 100%");
    }
}
