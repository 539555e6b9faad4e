package io.fleetstorm.hub.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UplinkQuotaTest {

    @Test
    void thirtyMessagesPassPerOneSecondWindowAndTheRestAreRefused() {
        UplinkQuota quota = new UplinkQuota(30);
        int passed = 0;
        for (int i = 0; i < 40; i++) {
            passed += quota.tryAcquire(10_000 + i) ? 1 : 0;
        }
        assertThat(passed).isEqualTo(30);
        assertThat(quota.tryAcquire(10_999)).as("same window").isFalse();
        assertThat(quota.tryAcquire(11_000)).as("next window").isTrue();
    }

    @Test
    void theFirstMessageAfterStartIsNeverRefused() {
        assertThat(new UplinkQuota(1).tryAcquire(0)).isTrue();
        assertThat(new UplinkQuota(1).tryAcquire(-5_000)).isTrue();
    }
}
