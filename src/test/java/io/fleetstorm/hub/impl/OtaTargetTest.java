package io.fleetstorm.hub.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which devices a task targets; the ratio selection is deterministic and nested. */
class OtaTargetTest {

    @Test
    void aRatioSelectsAboutThatFractionOfAnyNamingSchemeTheSameWayEveryTime() {
        OtaTarget.Ratio tenth = new OtaTarget.Ratio(0.1);
        long chosen = IntStream.range(0, 10_000).filter(i -> tenth.includes(String.format("sensor-%05d", i))).count();
        assertThat(chosen).isBetween(900L, 1_100L);
        assertThat(OtaTarget.Ratio.bucket("sensor-00001")).isEqualTo(OtaTarget.Ratio.bucket("sensor-00001"));
    }

    @Test
    void aLargerRatioKeepsEveryDeviceASmallerOneChose() {
        OtaTarget.Ratio small = new OtaTarget.Ratio(0.2);
        OtaTarget.Ratio large = new OtaTarget.Ratio(0.5);
        IntStream.range(0, 2_000).mapToObj(i -> "dev" + i).filter(small::includes)
                .forEach(name -> assertThat(large.includes(name)).as(name).isTrue());
        assertThat(new OtaTarget.Ratio(1.0).includes("anything")).isTrue();
    }

    @Test
    void listedAndAll() {
        assertThat(new OtaTarget.Listed(Set.of("a")).includes("a")).isTrue();
        assertThat(new OtaTarget.Listed(Set.of("a")).includes("b")).isFalse();
        assertThat(new OtaTarget.All().includes("b")).isTrue();
    }
}
