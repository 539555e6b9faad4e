package io.fleetstorm.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstorm.scenario.behaviour.Connect;
import io.fleetstorm.scenario.behaviour.Echo;
import io.fleetstorm.scenario.behaviour.Shadow;
import io.fleetstorm.scenario.behaviour.Telemetry;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards: every device in exactly one slice, whole-group rates scaled so the slices keep the fleet's rates. */
class ShardSlicerTest {

    @TempDir
    Path dir;

    private Scenario scenario() throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                name: shards
                groups:
                  - {name: a, productId: SHARDTEST1, count: 1000, indexOffset: 7, namePattern: "a-{index}",
                     credentials: {productSecret: s}}
                  - {name: b, productId: SHARDTEST1, count: 10, credentials: {productSecret: s}}
                phases:
                  - name: connect
                    duration: 2s
                    a: {connect: {rate: 300/s}}
                    b: {connect: {rate: 10/s}}
                  - name: steady
                    duration: 3s
                    a:
                      telemetry: {rate: 1/s per device}
                      echo: {rate: 90/s -> 150/s}
                      shadow: {report: 2/s, desired: 30/s}
                """);
        return ScenarioLoader.load(f, Map.of());
    }

    @Test
    void everyDeviceIsInExactlyOneShard() throws Exception {
        Scenario s = scenario();
        for (int n : new int[] {1, 3, 7, 10}) {
            Set<String> names = new HashSet<>();
            int total = 0;
            for (int i = 1; i <= n; i++) {
                Scenario.Group a = ShardSlicer.slice(s, new Shard(i, n)).groups().get(0);
                for (int d = 0; d < a.count(); d++) {
                    assertThat(names.add(a.deviceName(d))).as("device %s in two shards of %d", a.deviceName(d), n)
                            .isTrue();
                }
                total += a.count();
            }
            assertThat(total).isEqualTo(1000);
            assertThat(names).contains("a-7", "a-1006").doesNotContain("a-6", "a-1007");
        }
    }

    @Test
    void wholeGroupRatesAddUpToTheFleetsAndPerDeviceRatesStay() throws Exception {
        Scenario s = scenario();
        double connect = 0;
        double echoFrom = 0;
        double echoTo = 0;
        double desired = 0;
        for (int i = 1; i <= 3; i++) {
            Scenario slice = ShardSlicer.slice(s, new Shard(i, 3));
            var a = slice.phases().get(0).behaviours().get("a");
            connect += ((Connect) a.get(0)).rate().from();
            var steady = slice.phases().get(1).behaviours().get("a");
            assertThat(((Telemetry) steady.get(0)).rate().from()).isEqualTo(1.0);
            assertThat(((Telemetry) steady.get(0)).rate().perDevice()).isTrue();
            echoFrom += ((Echo) steady.get(1)).rate().from();
            echoTo += ((Echo) steady.get(1)).rate().to();
            desired += ((Shadow) steady.get(2)).desired().from();
            assertThat(((Shadow) steady.get(2)).get()).isNull();
        }
        assertThat(connect).isCloseTo(300, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(echoFrom).isCloseTo(90, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(echoTo).isCloseTo(150, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(desired).isCloseTo(30, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aGroupSmallerThanTheShardCountIsRefused() throws Exception {
        assertThatThrownBy(() -> ShardSlicer.slice(scenario(), new Shard(1, 11)))
                .hasMessage("group b has 10 device(s), fewer than the 11 shards: every shard needs at least one "
                        + "device of every group");
    }

    @Test
    void badShardTextSaysTheRule() {
        for (String bad : new String[] {"3/2", "0/2", "1/0", "a/b", "2", ""}) {
            assertThatThrownBy(() -> Shard.parse(bad)).as(bad)
                    .hasMessage("--shard must be I/N with 1 <= I <= N (e.g. 2/3), but was '" + bad + "'");
        }
        assertThat(Shard.parse("2/3")).isEqualTo(new Shard(2, 3));
        assertThat(new Shard(2, 3).start(10)).isEqualTo(3);
        assertThat(new Shard(2, 3).end(10)).isEqualTo(6);
    }
}
