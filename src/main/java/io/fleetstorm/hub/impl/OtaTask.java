package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.OtaMessages;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** An upgrade task: a firmware for some devices of its product, and where each of those devices stands. */
final class OtaTask {

    /** Targeted, not commanded yet: offline, or its version not reported yet. */
    static final String PENDING = "pending";
    /** Command sent, no progress reported yet. */
    static final String NOTIFIED = "notified";

    /** One device's standing in the task. */
    record DeviceStatus(String state, int percent, int resultCode, String resultMsg, String originalVersion,
            long updatedS) {
        boolean finished() {
            return state.equals(OtaMessages.STATE_DONE) || state.equals(OtaMessages.STATE_FAIL);
        }
    }

    final long taskId;
    final Firmware firmware;
    final OtaTarget target;
    final long createdS;
    /** FirmwareOriVersion: only devices on this version are commanded; "" = any. */
    final String originalVersion;
    /** UpgradeMethod (0 silent, 1 user-confirmed) and Type, kept and described as given. */
    final long upgradeMethod;
    final long type;
    private final ConcurrentHashMap<String, DeviceStatus> devices = new ConcurrentHashMap<>();

    OtaTask(long taskId, Firmware firmware, OtaTarget target, long createdS, String originalVersion,
            long upgradeMethod, long type) {
        this.taskId = taskId;
        this.firmware = firmware;
        this.target = target;
        this.createdS = createdS;
        this.originalVersion = originalVersion == null ? "" : originalVersion;
        this.upgradeMethod = upgradeMethod;
        this.type = type;
    }

    /** A target known when the task is created (or seen later), counted from then on. */
    void pending(String deviceName, String originalVersion, long nowS) {
        devices.putIfAbsent(deviceName, new DeviceStatus(PENDING, 0, 0, "", originalVersion, nowS));
    }

    /** Whether every target finished (done or failed); a task without targets is not finished. */
    boolean finished() {
        return !devices.isEmpty() && devices.values().stream().allMatch(DeviceStatus::finished);
    }

    DeviceStatus status(String deviceName) {
        return devices.get(deviceName);
    }

    void notified(String deviceName, String originalVersion, long nowS) {
        devices.put(deviceName, new DeviceStatus(NOTIFIED, 0, 0, "", originalVersion, nowS));
    }

    /** Records a progress report; ignored for a device the task never commanded. */
    void progress(String deviceName, String state, Integer percent, Integer resultCode, String resultMsg, long nowS) {
        devices.computeIfPresent(deviceName, (k, old) -> new DeviceStatus(state,
                percent != null ? percent : old.percent(), resultCode != null ? resultCode : 0,
                resultMsg == null ? "" : resultMsg, old.originalVersion(), nowS));
    }

    /** Every commanded device, by name. */
    Map<String, DeviceStatus> devices() {
        return new TreeMap<>(devices);
    }
}
