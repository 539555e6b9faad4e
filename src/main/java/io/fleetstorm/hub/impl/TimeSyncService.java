package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.TimeSyncMessages;
import io.fleetstorm.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * Time sync: a get of resource "time" on {@code $sys/operation/PID/DN} is answered on
 * {@code $sys/operation/result/PID/DN}; anything else there is ignored, as the cloud serves no other resource.
 */
final class TimeSyncService implements UplinkService {

    private final Downlink downlink;
    private final ServiceCounters counters;
    private final LongSupplier millisClock;

    TimeSyncService(Downlink downlink, ServiceCounters counters, LongSupplier millisClock) {
        this.downlink = downlink;
        this.counters = counters;
        this.millisClock = millisClock;
    }

    @Override
    public boolean handles(String topic) {
        return Topics.isSysOperation(topic);
    }

    @Override
    public void handle(DeviceId from, String topic, byte[] payload, int qos) {
        long received = millisClock.getAsLong();
        if (!TimeSyncMessages.isTimeRequest(new String(payload, StandardCharsets.UTF_8))) {
            return;
        }
        // ntptime1 = when the request arrived, ntptime2 = when the answer left, as an NTP server stamps them
        String reply = TimeSyncMessages.reply(received / 1000, received, millisClock.getAsLong());
        downlink.send(Topics.sysResult(from), reply.getBytes(StandardCharsets.UTF_8), 0);
        counters.timeReplies.increment();
    }
}
