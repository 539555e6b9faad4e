package io.fleetstorm.hub;

import java.util.Map;

/**
 * A snapshot of the counters of the hub's gateway, dynamic registration, remote configuration and resource features.
 *
 * @param bindings                sub-devices bound to a gateway now
 * @param subDevicesOnline        sub-devices online through a gateway now
 * @param gatewayRequests         messages received on {@code $gateway/operation/...}, by type
 * @param gatewayResults          per-entry results answered to gateways, by result code
 * @param gatewayInvalid          gateway messages that were not JSON objects with a type (dropped)
 * @param registrations           dynamic registration answers, by outcome: {@code created}, {@code existed}, or
 *                                the error code
 * @param configGets              remote configuration get requests answered
 * @param configPushes            configuration pushes sent to devices
 * @param resourceRequests        resource messages received, by type
 * @param resourceTransfers       resource HTTP transfers, by outcome ({@code upload}, {@code upload_md5_mismatch},
 *                                {@code download}, ...)
 * @param resourceBytesUploaded   bytes devices uploaded and the hub kept
 * @param resourceBytesDownloaded resource bytes the hub served
 */
public record FeatureStats(
        long bindings,
        long subDevicesOnline,
        Map<String, Long> gatewayRequests,
        Map<Integer, Long> gatewayResults,
        long gatewayInvalid,
        Map<String, Long> registrations,
        long configGets,
        long configPushes,
        Map<String, Long> resourceRequests,
        Map<String, Long> resourceTransfers,
        long resourceBytesUploaded,
        long resourceBytesDownloaded) {

    public long gatewayRequests(String type) {
        return gatewayRequests.getOrDefault(type, 0L);
    }

    public long gatewayResults(int code) {
        return gatewayResults.getOrDefault(code, 0L);
    }

    public long registrations(String outcome) {
        return registrations.getOrDefault(outcome, 0L);
    }

    public long resourceRequests(String type) {
        return resourceRequests.getOrDefault(type, 0L);
    }

    public long resourceTransfers(String outcome) {
        return resourceTransfers.getOrDefault(outcome, 0L);
    }
}
