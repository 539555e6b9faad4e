package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where a sub-device's operations run: on the loop of its gateway (gateway j on loop j mod loops carries sub-devices
 * j * per .. j * per + per - 1), at the index {@link FleetVerticle} gives it there; and in which order a ramp takes
 * them: one sub-device of every gateway before the next of the first, so a gateway's requests are spread out.
 */
class SubDeviceLayoutTest {

    private static final Activity ONCE_EACH = new SdkActivities.SubDeviceRamp(1, SdkActivities.SubDeviceOp.ONLINE,
            IntendedTimes.even(1_000));

    @ParameterizedTest(name = "{0} gateways x {1} over {2} loops")
    @CsvSource({"4, 10, 2", "5, 3, 2", "1, 50, 2", "7, 2, 3", "3, 4, 4", "200, 50, 2"})
    void eachSubDeviceRunsOnceOnItsGatewaysLoopAtItsLocalIndex(int gateways, int per, int loops) {
        int count = gateways * per;
        List<Integer> order = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int shard = 0; shard < loops; shard++) {
            OpStream s = new OpStream(ONCE_EACH, 0, Long.MAX_VALUE / 2, count, shard, loops, count, per);
            int localGateways = gateways / loops + (shard < gateways % loops ? 1 : 0);
            while (s.dueNanos() != Long.MAX_VALUE) {
                int device = s.device();
                int gateway = device / per;
                assertThat(gateway % loops).as("sub-device %d lives on its gateway's loop", device).isEqualTo(shard);
                // FleetVerticle: local gateway j = global gateway j * loops + shard, its sub-devices at j * per + slot
                assertThat(s.localDevice()).isEqualTo(gateway / loops * per + device % per)
                        .isLessThan(localGateways * per);
                assertThat(seen.add(device)).isTrue();
                order.add((int) s.sequence());
                s.advance();
            }
        }
        assertThat(seen).hasSize(count);
        assertThat(order).hasSize(count);
    }

    @ParameterizedTest(name = "{0} gateways x {1}")
    @CsvSource({"4, 10", "200, 50", "3, 1"})
    void aRampTakesOneSubDeviceOfEveryGatewayBeforeTheNextOfTheFirst(int gateways, int per) {
        int count = gateways * per;
        OpStream s = new OpStream(ONCE_EACH, 0, Long.MAX_VALUE / 2, count, 0, 1, count, per);
        List<Integer> firstRound = new ArrayList<>();
        for (int i = 0; i < gateways; i++) {
            firstRound.add(s.device() / per);
            s.advance();
        }
        assertThat(firstRound).as("the first " + gateways + " operations, one per gateway, in gateway order")
                .isEqualTo(java.util.stream.IntStream.range(0, gateways).boxed().toList());
    }
}
