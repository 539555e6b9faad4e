package io.fleetstorm.hub;

import java.util.Map;

/**
 * A snapshot of the hub's own counters since start.
 *
 * @param connectionsOpen     device connections accepted and still open
 * @param connectsAccepted    CONNECTs answered with CONNACK 0
 * @param refusals            CONNECTs refused, by reason
 * @param messagesIn          PUBLISH packets received from devices
 * @param messagesOut         PUBLISH packets sent to devices
 * @param bytesIn             payload bytes received
 * @param bytesOut            payload bytes sent
 * @param drops               messages not routed, by reason
 * @param disconnects         connections ended, by reason
 * @param willsIgnored        CONNECTs with the will flag (accepted, will ignored)
 * @param retainIgnored       PUBLISHes with the retain flag (delivered, not retained)
 * @param unknownSdkAppIds    CONNECTs whose sdkappid is neither of the SDKs' values (accepted)
 * @param sessionsStored      persistent sessions kept (online or offline)
 * @param offlineQueued       QoS 1 messages waiting in offline sessions
 */
public record HubStats(
        long connectionsOpen,
        long connectsAccepted,
        Map<RefusalReason, Long> refusals,
        long messagesIn,
        long messagesOut,
        long bytesIn,
        long bytesOut,
        Map<DropReason, Long> drops,
        Map<CloseReason, Long> disconnects,
        long willsIgnored,
        long retainIgnored,
        long unknownSdkAppIds,
        long sessionsStored,
        long offlineQueued) {

    public long refusals(RefusalReason reason) {
        return refusals.getOrDefault(reason, 0L);
    }

    public long drops(DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }

    public long disconnects(CloseReason reason) {
        return disconnects.getOrDefault(reason, 0L);
    }

    public long totalRefusals() {
        return refusals.values().stream().mapToLong(Long::longValue).sum();
    }
}
