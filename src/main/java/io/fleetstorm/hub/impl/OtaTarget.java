package io.fleetstorm.hub.impl;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.CRC32;

/** Which devices of a product an upgrade task is for. */
sealed interface OtaTarget {

    boolean includes(String deviceName);

    /** The devices named in the task. */
    record Listed(Set<String> deviceNames) implements OtaTarget {
        @Override
        public boolean includes(String deviceName) {
            return deviceNames.contains(deviceName);
        }
    }

    /** Every device of the product. */
    record All() implements OtaTarget {
        @Override
        public boolean includes(String deviceName) {
            return true;
        }
    }

    /**
     * A fraction of the product's devices, chosen the same way on every hub and run: a device is in when
     * CRC-32 of its UTF-8 name, modulo 10000, is below ratio × 10000. Devices spread evenly for any naming scheme,
     * and a larger ratio keeps every device a smaller one chose.
     */
    record Ratio(double ratio) implements OtaTarget {
        @Override
        public boolean includes(String deviceName) {
            return bucket(deviceName) < Math.round(ratio * 10_000);
        }

        static long bucket(String deviceName) {
            CRC32 crc = new CRC32();
            crc.update(deviceName.getBytes(StandardCharsets.UTF_8));
            return crc.getValue() % 10_000;
        }
    }
}
