package io.fleetstorm.hub.impl;

import java.util.Set;

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
}
