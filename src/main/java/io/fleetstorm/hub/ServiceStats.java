package io.fleetstorm.hub;

import java.util.Map;

/**
 * A snapshot of the counters of the hub's services (shadow, OTA, time sync, RRPC, application API) since start.
 *
 * @param shadowRequests      shadow requests by type: get, update, or "invalid" (not JSON, wrong field types) and
 *                            "unknown" (a type other than get and update)
 * @param shadowResults       shadow answers sent, by result code (0 ok, 5001..5005)
 * @param deltasPushed        delta messages sent after the application changed desired state
 * @param timeReplies         time sync answers sent
 * @param otaVersionReports   report_version messages received
 * @param otaCommandsSent     update_firmware commands sent
 * @param otaProgress         report_progress messages received, by state (downloading, burning, done, fail)
 * @param firmwareDownloads   firmware GET requests answered with 200 or 206
 * @param firmwareBytesServed firmware bytes sent
 * @param rrpcRequests        RRPC requests sent to devices
 * @param rrpcTimeouts        RRPC requests the device did not answer within the timeout
 * @param apiRequests         application API requests, by action (unknown actions and paths as "(unknown)")
 * @param apiErrors           application API error answers, by error code
 * @param firmwareDownloadsRefused   firmware requests answered 403 (wrong or missing token in the URL)
 * @param firmwareRangeUnsatisfiable firmware requests answered 416 (a C device reads that body as firmware)
 * @param firmwareUploads     firmware images received on a GetCOSURL upload URL (complete and checked)
 * @param firmwareBytesStored bytes of firmware on disk now (uploads and generated images)
 */
public record ServiceStats(
        Map<String, Long> shadowRequests,
        Map<Integer, Long> shadowResults,
        long deltasPushed,
        long timeReplies,
        long otaVersionReports,
        long otaCommandsSent,
        Map<String, Long> otaProgress,
        long firmwareDownloads,
        long firmwareBytesServed,
        long rrpcRequests,
        long rrpcTimeouts,
        Map<String, Long> apiRequests,
        Map<String, Long> apiErrors,
        long firmwareDownloadsRefused,
        long firmwareRangeUnsatisfiable,
        long firmwareUploads,
        long firmwareBytesStored) {

    public long shadowRequests(String type) {
        return shadowRequests.getOrDefault(type, 0L);
    }

    public long shadowResults(int code) {
        return shadowResults.getOrDefault(code, 0L);
    }

    public long otaProgress(String state) {
        return otaProgress.getOrDefault(state, 0L);
    }

    public long apiRequests(String action) {
        return apiRequests.getOrDefault(action, 0L);
    }

    public long apiErrors(String code) {
        return apiErrors.getOrDefault(code, 0L);
    }
}
