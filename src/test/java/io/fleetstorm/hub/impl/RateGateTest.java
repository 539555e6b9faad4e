package io.fleetstorm.hub.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The queueing cap: slots one interval apart, waits that grow with the backlog, a bounded queue. */
class RateGateTest {

    private static final long MS = 1_000_000;

    @Test
    void aBurstWaitsOneIntervalMoreEachAndTheQueueRefusesBeyondItsCapacity() {
        RateGate gate = new RateGate(1000, 5, 0); // 1 ms apart, 5 may wait
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waits.add(gate.book(100 * MS));
        }
        assertThat(waits).containsExactly(0L, MS, 2 * MS, 3 * MS, 4 * MS, 5 * MS, -1L, -1L);
        assertThat(gate.depth(100 * MS)).isEqualTo(5);
        // once time passes, the queue drains at the rate: a slot frees each millisecond
        assertThat(gate.depth(103 * MS)).isEqualTo(2);
        assertThat(gate.book(103 * MS)).isEqualTo(3 * MS);
        assertThat(gate.book(200 * MS)).isZero();
    }

    @Test
    void offeredBelowTheCapNothingWaits() {
        RateGate gate = new RateGate(1000, 100, 0);
        for (long t = 0; t < 1000 * MS; t += 2 * MS) {
            assertThat(gate.book(t)).isZero();
        }
    }

    @Test
    void fourThreadsBookingAtOnceGetDistinctSlotsExactlyOneIntervalApart() throws Exception {
        // 4 threads each book 1,000 operations at the same instant; the cap is 2,000/s
        RateGate gate = new RateGate(2000, 1_000_000, 0);
        ConcurrentLinkedQueue<Long> releases = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 1000; i++) {
                    releases.add(gate.book(0));
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        List<Long> sorted = releases.stream().sorted().toList();
        assertThat(sorted).hasSize(4000).doesNotHaveDuplicates();
        for (int i = 0; i < sorted.size(); i++) {
            assertThat(sorted.get(i)).isEqualTo(i * 500_000L);
        }
    }
}
