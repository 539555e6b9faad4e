package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.FakeClock;
import io.fleetstorm.metrics.Outage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When unplanned losses make a target outage, and how its recovery is measured. */
class OutageWatchTest {

    private final FakeClock clock = new FakeClock();
    private final OutageWatch watch = new OutageWatch("cams", clock);

    @ParameterizedTest(name = "{0} connected: a wave needs {1}")
    @CsvSource({"1, 3", "20, 3", "60, 3", "61, 4", "100, 5", "200, 10", "50000, 10"})
    void aWaveNeedsTenLostOrFivePercentOfTheConnectedButAtLeastThree(int connected, int needed) {
        assertThat(OutageWatch.threshold(connected)).isEqualTo(needed);
    }

    @Test
    void lossesWithinTwoSecondsOfEachOtherMakeOneOutageMeasuredFromTheFirst() {
        long startMillis = clock.epochMillis();
        List<OutageWatch.Loss> losses = new ArrayList<>();
        losses.add(watch.lost(clock.nanoTime(), 2, 19));
        clock.advanceMillis(1_000);
        losses.add(watch.lost(clock.nanoTime(), 0, 18));
        assertThat(watch.outages()).isEmpty();
        clock.advanceMillis(1_000);
        losses.add(watch.lost(clock.nanoTime(), 1, 17)); // the third within 2 s: a wave (20 connected before it)
        clock.advanceMillis(1_999);
        losses.add(watch.lost(clock.nanoTime(), 0, 16)); // joins: within 2 s of the wave's last loss
        assertThat(watch.outages()).hasSize(1);

        clock.advanceMillis(2_001); // 6 s after the first loss
        watch.back(losses.get(0), clock.nanoTime());
        clock.advanceMillis(1_000);
        watch.back(losses.get(1), clock.nanoTime());
        watch.back(losses.get(2), clock.nanoTime());
        clock.advanceMillis(500);
        watch.back(losses.get(3), clock.nanoTime());

        assertThat(watch.outages()).containsExactly(new Outage("cams", startMillis, 4, 7_000, 7_500, 7_500, 0, 3));
    }

    @Test
    void aDeviceNeverBackLeavesTheFullRecoveryOpen() {
        List<OutageWatch.Loss> losses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            losses.add(watch.lost(clock.nanoTime(), 0, 30 - i));
        }
        clock.advanceMillis(2_000);
        watch.back(losses.get(0), clock.nanoTime());
        watch.back(losses.get(1), clock.nanoTime());

        Outage o = watch.outages().get(0);
        assertThat(o.back50Millis()).isEqualTo(2_000);
        assertThat(o.back99Millis()).isEqualTo(-1);
        assertThat(o.back100Millis()).isEqualTo(-1);
        assertThat(o.neverBack()).isEqualTo(1);
    }

    @Test
    void threeLossesOverMoreThanTwoSecondsAreNoOutage() {
        watch.lost(clock.nanoTime(), 0, 19);
        clock.advanceMillis(1_500);
        watch.lost(clock.nanoTime(), 0, 18);
        clock.advanceMillis(1_500);
        watch.lost(clock.nanoTime(), 0, 17);
        assertThat(watch.outages()).isEmpty();
    }

    @Test
    void scatteredLossesAreNoOutage() {
        for (int i = 0; i < 10; i++) {
            OutageWatch.Loss loss = watch.lost(clock.nanoTime(), 0, 99);
            clock.advanceMillis(1_100);
            watch.back(loss, clock.nanoTime());
            clock.advanceMillis(1_000); // the next loss comes 2.1 s after this one
        }
        assertThat(watch.outages()).isEmpty();
    }

    @Test
    void twoRestartsAreTwoOutages() {
        for (int wave = 0; wave < 2; wave++) {
            List<OutageWatch.Loss> losses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                losses.add(watch.lost(clock.nanoTime(), 0, 200 - i));
            }
            clock.advanceMillis(3_000);
            losses.forEach(l -> watch.back(l, clock.nanoTime()));
            clock.advanceMillis(10_000);
        }
        assertThat(watch.outages()).hasSize(2).allSatisfy(o -> {
            assertThat(o.dropped()).isEqualTo(10);
            assertThat(o.back100Millis()).isEqualTo(3_000);
        });
    }
}
