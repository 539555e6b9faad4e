package io.fleetstorm.metrics;

/**
 * A target outage as the fleet saw it: many connected devices lost their link at about the same time without the
 * scenario asking for it (a hub restart, a network cut), and how the fleet came back with its SDK back-off.
 *
 * @param group               the device group (an outage is tracked per group)
 * @param startEpochMillis    when the first device of the wave lost its link
 * @param dropped             devices that lost their link in the wave
 * @param back50Millis        from the start until half of them were connected again (-1 = never)
 * @param back99Millis        ... 99 % of them (-1 = never)
 * @param back100Millis       ... all of them (-1 = never)
 * @param neverBack           devices of the wave still not connected when the run ended
 * @param qos1Unacknowledged  QoS 1 publishes sent before the drop that never got their PUBACK
 * @param planned             a reconnect storm the scenario asked for (its recovery, reported the same way), not a
 *                            target outage
 */
public record Outage(String group, long startEpochMillis, int dropped, long back50Millis, long back99Millis,
        long back100Millis, int neverBack, long qos1Unacknowledged, boolean planned) {

    /** A target outage: nobody planned it. */
    public Outage(String group, long startEpochMillis, int dropped, long back50Millis, long back99Millis,
            long back100Millis, int neverBack, long qos1Unacknowledged) {
        this(group, startEpochMillis, dropped, back50Millis, back99Millis, back100Millis, neverBack,
                qos1Unacknowledged, false);
    }
}
