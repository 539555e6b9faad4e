package io.fleetstorm.cli;

import io.fleetstorm.protocol.DeviceId;

/** A {@code PRODUCTID/DEVICENAME} argument. */
final class DeviceArg {

    private DeviceArg() {
    }

    static DeviceId parse(String arg) {
        int slash = arg.indexOf('/');
        String productId = slash < 0 ? "" : arg.substring(0, slash);
        String deviceName = slash < 0 ? "" : arg.substring(slash + 1);
        if (!DeviceId.isValidProductId(productId) || !DeviceId.isValidDeviceName(deviceName)) {
            throw new InvalidInputException("expected PRODUCTID/DEVICENAME (product id [A-Za-z0-9]{1,32}, device name "
                    + "[A-Za-z0-9:_-]{1,48}), but was '" + arg + "'");
        }
        return new DeviceId(productId, deviceName);
    }
}
