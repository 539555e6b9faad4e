package io.fleetstorm.device;

/**
 * How devices behave during an OTA wave.
 *
 * @param currentVersion        the version devices report before the upgrade
 * @param downloadBytesPerSecond per-device download rate cap (0 = as fast as the hub serves)
 * @param progressIntervalMs    the SDK's progress cadence (C SDK: about 1 s; Java: on change, at most every 100 ms)
 * @param burnMillis            time spent "burning" the image after the download
 * @param failRatio             share of devices that report {@code fail} (-5, upgrade failed) instead of {@code done}
 */
public record OtaBehaviour(String currentVersion, long downloadBytesPerSecond, long progressIntervalMs,
        long burnMillis, double failRatio) {
}
