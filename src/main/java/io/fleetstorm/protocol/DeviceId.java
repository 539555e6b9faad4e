package io.fleetstorm.protocol;

import java.util.regex.Pattern;

/**
 * A device's identity on the hub: its product and its name within the product.
 */
public record DeviceId(String productId, String deviceName) {
    /** The rule a product id follows. */
    public static final String PRODUCT_ID_RULE = "[A-Za-z0-9]{1,32}";
    /** The rule a device name follows. */
    public static final String DEVICE_NAME_RULE = "[A-Za-z0-9:_-]{1,48}";

    private static final Pattern PRODUCT_ID = Pattern.compile(PRODUCT_ID_RULE);
    private static final Pattern DEVICE_NAME = Pattern.compile(DEVICE_NAME_RULE);

    public DeviceId {
        if (!isValidProductId(productId)) {
            throw new IllegalArgumentException(
                    "productId must match " + PRODUCT_ID_RULE + ", but was " + quoted(productId));
        }
        if (!isValidDeviceName(deviceName)) {
            throw new IllegalArgumentException(
                    "deviceName must match " + DEVICE_NAME_RULE + ", but was " + quoted(deviceName));
        }
    }

    /** The MQTT ClientId: product id and device name with nothing between. */
    public String clientId() {
        return productId + deviceName;
    }

    public static boolean isValidProductId(String productId) {
        return productId != null && PRODUCT_ID.matcher(productId).matches();
    }

    public static boolean isValidDeviceName(String deviceName) {
        return deviceName != null && DEVICE_NAME.matcher(deviceName).matches();
    }

    private static String quoted(String value) {
        return value == null ? "null" : '"' + value + '"';
    }
}
