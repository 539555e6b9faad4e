package io.fleetstorm.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Derives a device PSK from a product secret, so the hub and the load generator agree without a key list.
 *
 * <p>The derivation is fleetstorm's own, not Tencent's: PSK = standard base64 (with padding) of the first 16 bytes
 * of HMAC-SHA256(key = UTF-8 productSecret, message = UTF-8 {@code productId + "/" + deviceName}).
 */
public final class DerivedPsk {
    /** How many bytes of the HMAC make the key. */
    public static final int KEY_BYTES = 16;

    private DerivedPsk() {
    }

    /** The base64 device PSK for this device under this product secret. */
    public static String derive(String productSecret, String productId, String deviceName) {
        byte[] mac = Signer.hmac(SignMethod.HMACSHA256, productSecret.getBytes(StandardCharsets.UTF_8),
                (productId + "/" + deviceName).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(Arrays.copyOf(mac, KEY_BYTES));
    }

    /** The base64 device PSK for this device under this product secret. */
    public static String derive(String productSecret, DeviceId device) {
        return derive(productSecret, device.productId(), device.deviceName());
    }
}
