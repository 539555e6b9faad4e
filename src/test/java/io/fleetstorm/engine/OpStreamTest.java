package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a stream's operations are split over event loops: each exactly once, at the same intended times. */
class OpStreamTest {

    private static final Activity TEN_PER_SECOND = new Activity.Publish(0, "telemetry", "event", 0,
            PayloadSource.fixed(new byte[0]), IntendedTimes.even(10));

    @ParameterizedTest(name = "{0} devices over {1} loops")
    @CsvSource({"7, 2", "8, 2", "1, 2", "3, 4", "100, 3", "5, 1"})
    void everyOperationGoesToTheLoopOfItsDeviceExactlyOnce(int devices, int loops) {
        long start = 1_000_000_000L;
        long end = start + 10_000_000_000L; // 10 s at 10/s: 100 operations
        List<long[]> seen = new ArrayList<>();
        for (int shard = 0; shard < loops; shard++) {
            OpStream s = new OpStream(TEN_PER_SECOND, start, end, devices, shard, loops, Long.MAX_VALUE);
            while (s.dueNanos() != Long.MAX_VALUE) {
                assertThat(s.device() % loops).as("device lives on this loop").isEqualTo(shard);
                seen.add(new long[] {s.sequence(), s.dueNanos(), s.device()});
                s.advance();
            }
        }
        assertThat(seen).hasSize(100);
        assertThat(seen.stream().mapToLong(x -> x[0]).sorted().toArray())
                .containsExactly(java.util.stream.LongStream.range(0, 100).toArray());
        assertThat(seen).allSatisfy(x -> {
            assertThat(x[1]).isEqualTo(start + x[0] * 100_000_000L);
            assertThat(x[2]).isEqualTo(x[0] % devices);
        });
    }

    @ParameterizedTest(name = "{0} devices over {1} loops: every local device has a topic slot")
    @CsvSource({"7, 2", "1, 2", "3, 4", "100, 3"})
    void topicsAreKeptPerLoopLocalDevice(int devices, int loops) {
        for (int shard = 0; shard < loops; shard++) {
            OpStream s = new OpStream(TEN_PER_SECOND, 0, 10_000_000_000L, devices, shard, loops, Long.MAX_VALUE);
            while (s.dueNanos() != Long.MAX_VALUE) {
                int local = s.device() / loops;
                String topic = "P/dev-" + s.device() + "/event";
                assertThat(s.cachedTopic(local)).isIn(null, topic);
                assertThat(s.cacheTopic(local, topic)).isEqualTo(topic);
                assertThat(s.cachedTopic(local)).isEqualTo(topic);
                s.advance();
            }
        }
    }

    @ParameterizedTest(name = "a ramp of {0} devices over {1} loops connects each device once")
    @CsvSource({"10, 3", "2, 4"})
    void aConnectRampStopsAtTheGroupSize(int devices, int loops) {
        Activity ramp = new Activity.ConnectRamp(0, IntendedTimes.even(1000));
        int total = 0;
        for (int shard = 0; shard < loops; shard++) {
            OpStream s = new OpStream(ramp, 0, Long.MAX_VALUE / 2, devices, shard, loops, devices);
            while (s.dueNanos() != Long.MAX_VALUE) {
                total++;
                s.advance();
            }
        }
        assertThat(total).isEqualTo(devices);
    }

    @ParameterizedTest(name = "the {0}th operation of 1k/s is due at exactly {1} ns: no drift")
    @CsvSource({"10000000, 10000000000000", "1, 1000000"})
    void intendedTimesAreComputedNotAccumulated(long n, long expectedNanos) {
        assertThat(IntendedTimes.even(1000).offsetNanos(n)).isEqualTo(expectedNanos);
    }
}
