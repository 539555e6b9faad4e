package io.fleetstorm.device;

/** Picks devices for a share of a group (storms, OTA failures) the same way on every loop and in every run. */
public final class DeviceSelection {

    private DeviceSelection() {
    }

    /**
     * A stable pseudo-random number in [0, 1) per name: a 64-bit string hash through MurmurHash3's full 64-bit
     * finaliser. Why full: with its first half only, names that differ in their last characters stayed clustered:
     * of devices {@code b-0} to {@code b-39}, none fell under 0.3, so a 30 % storm dropped no device of the group.
     */
    public static double unitHash(String name) {
        long h = 1125899906842597L;
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + name.charAt(i);
        }
        h ^= (h >>> 33);
        h *= 0xff51afd7ed558ccdL;
        h ^= (h >>> 33);
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= (h >>> 33);
        return (h >>> 11) * 0x1.0p-53;
    }
}
