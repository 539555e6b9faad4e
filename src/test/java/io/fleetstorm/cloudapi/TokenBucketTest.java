package io.fleetstorm.cloudapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client-side limit as arithmetic: a second's burst, then one slot per 1/rate, computed not slept. */
class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstOfOneSecondThenEvenSpacing() {
        TokenBucket bucket = new TokenBucket(20, 0);
        for (int i = 0; i < 20; i++) {
            assertThat(bucket.reserve(0)).as("call " + i).isZero();
        }
        assertThat(bucket.reserve(0)).isEqualTo(SECOND / 20);
        assertThat(bucket.reserve(0)).isEqualTo(2 * SECOND / 20);
        // a second later the two reserved slots are used and 18 more are free
        long now = SECOND;
        for (int i = 0; i < 18; i++) {
            assertThat(bucket.reserve(now)).isZero();
        }
        assertThat(bucket.reserve(now)).isEqualTo(SECOND / 20);
    }

    @Test
    void aSlowRateHasABurstOfOne() {
        TokenBucket bucket = new TokenBucket(0.5, 0);
        assertThat(bucket.reserve(0)).isZero();
        assertThat(bucket.reserve(0)).isEqualTo(2 * SECOND);
    }

    @Test
    void eachActionHasItsOwnBucketAndLimit() {
        ApiRateLimiter limiter = new ApiRateLimiter(1, Map.of("PublishMessage", 2.0));
        assertThat(limiter.reserve("DescribeDevice", 0)).isZero();
        assertThat(limiter.reserve("DescribeDevice", 0)).isEqualTo(SECOND);
        assertThat(limiter.reserve("PublishMessage", 0)).isZero();
        assertThat(limiter.reserve("PublishMessage", 0)).isZero();
        assertThat(limiter.reserve("PublishMessage", 0)).isEqualTo(SECOND / 2);
        assertThatThrownBy(() -> new ApiRateLimiter(0, Map.of())).hasMessage(
                "requestsPerSecond must be > 0 and <= 1000000 requests/s, but was 0.0");
    }
}
