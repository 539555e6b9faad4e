package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.ScenarioLoader;
import io.fleetstorm.scenario.behaviour.Behaviour;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code fleetstorm plan}: every behaviour of every phase with its rates, and totals that add up. */
class PlanCommandTest {

    @Test
    void theQuickstartPlanListsEveryBehaviourWithItsRateAndDurationsAsWritten() {
        CliRunner r = CliRunner.run("plan", "scenarios/quickstart.yaml");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("PT").contains(
                "scenarios/quickstart.yaml: quickstart, 1,000 devices, 1m, target embedded hub\n",
                "phase ramp-up (11s)\n",
                "  sensors      connect            100/s                                   1,000\n",
                "  sensors      shadow get         5/s                                        25\n",
                "  sensors      shadow desired     5/s                                        25\n",
                "  sensors      telemetry          1000/s (1/s per device)                30,000\n",
                "  sensors      shadow report      100/s (6/min per device)                3,000\n",
                "phase ota-wave (14s)\n",
                "  sensors      ota wave           at the phase start                         50\n",
                "totals:\n",
                "  telemetry                37,500\n",
                "  shadow desired              325\n");
    }

    @Test
    void everyShippedPlansTotalsAreTheSumOfItsBehavioursRows() throws Exception {
        List<Path> shipped;
        try (Stream<Path> files = Files.list(Path.of("scenarios"))) {
            shipped = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : shipped) {
            CliRunner r = CliRunner.run("plan", file.toString());
            assertThat(r.exitCode()).as(file + ": " + r.err()).isZero();
            Scenario s = ScenarioLoader.load(file, Map.of());
            Map<String, Long> expected = new LinkedHashMap<>();
            Map<String, Long> connected = new LinkedHashMap<>();
            for (Scenario.Phase phase : s.phases()) {
                for (Scenario.Group g : s.groups()) {
                    for (Behaviour b : phase.of(g.name())) {
                        for (Behaviour.PlanRow row : b.plan(g.count(), phase.duration().toNanos())) {
                            double n = row.expected();
                            if (row.connects()) {
                                long before = connected.getOrDefault(g.name(), 0L);
                                n = Math.min(n, g.count() - before);
                                connected.put(g.name(), before + Math.round(n));
                            }
                            expected.merge(row.label(), Math.round(n), Long::sum);
                        }
                    }
                }
            }
            String totals = r.out().substring(r.out().indexOf("totals:\n") + 8);
            for (Map.Entry<String, Long> e : expected.entrySet()) {
                assertThat(totals).as(file + " " + e.getKey()).containsPattern("(?m)^  " + e.getKey() + " +"
                        + String.format("%,d", e.getValue()) + "$");
            }
            assertThat(totals.lines().takeWhile(l -> l.startsWith("  ")).count()).as(file.toString())
                    .isEqualTo(expected.size());
        }
    }

    @Test
    void planCountsTheApplicationSidesApiCallsByAction() {
        CliRunner r = CliRunner.run("plan", "scenarios/quickstart.yaml");
        assertThat(r.exitCode()).isZero();
        // desired: 5/s for 5 s + 10/s for 30 s = 325 changes, each a read and an update; one OTA wave with its task
        assertThat(r.out()).containsPattern("(?m)^  DescribeDeviceShadow +325 calls$")
                .containsPattern("(?m)^  UpdateDeviceShadow +325 calls$")
                .containsPattern("(?m)^  OTA task \\(3 calls per wave\\) +3 calls$");
    }
}
