package io.fleetstorm.device;

/** Picks devices for a share of a group (storms, OTA failures) the same way on every loop and in every run. */
public final class DeviceSelection {

    private DeviceSelection() {
    }

    /** A stable pseudo-random number in [0, 1) per name (a 64-bit string hash with a murmur finaliser). */
    public static double unitHash(String name) {
        long h = 1125899906842597L;
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + name.charAt(i);
        }
        h ^= (h >>> 33);
        h *= 0xff51afd7ed558ccdL;
        h ^= (h >>> 33);
        return (h >>> 11) * 0x1.0p-53;
    }
}
