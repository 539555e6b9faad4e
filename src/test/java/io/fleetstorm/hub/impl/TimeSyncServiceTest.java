package io.fleetstorm.hub.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.TimeSyncMessages;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The time sync answer's exact bytes, at a fixed clock. */
class TimeSyncServiceTest {

    private static final DeviceId DEV = new DeviceId("1A17RZR3XX", "dev001");
    private final RecordingDownlink downlink = new RecordingDownlink();
    private final ServiceCounters counters = new ServiceCounters();
    private final TimeSyncService time = new TimeSyncService(downlink, counters, () -> 1_700_000_000_123L);

    @Test
    void aTimeRequestIsAnsweredOnTheResultTopic() {
        assertThat(time.handles("$sys/operation/1A17RZR3XX/dev001")).isTrue();
        assertThat(time.handles("$sys/operation/result/1A17RZR3XX/dev001")).isFalse();
        time.handle(DEV, "$sys/operation/1A17RZR3XX/dev001",
                TimeSyncMessages.request().getBytes(StandardCharsets.UTF_8), 0);
        assertThat(downlink.last()).isEqualTo(new RecordingDownlink.Sent("$sys/operation/result/1A17RZR3XX/dev001",
                "{\"type\":\"get\",\"time\":1700000000,\"ntptime1\":1700000000123,\"ntptime2\":1700000000123}", 0));
        assertThat(counters.timeReplies.sum()).isEqualTo(1);
    }

    @Test
    void otherRequestsAreIgnored() {
        time.handle(DEV, "$sys/operation/1A17RZR3XX/dev001", "{\"type\":\"get\",\"resource\":[\"ip\"]}".getBytes(
                StandardCharsets.UTF_8), 0);
        time.handle(DEV, "$sys/operation/1A17RZR3XX/dev001", "nope".getBytes(StandardCharsets.UTF_8), 0);
        assertThat(downlink.sent).isEmpty();
    }
}
