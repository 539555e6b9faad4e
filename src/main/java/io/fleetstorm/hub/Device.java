package io.fleetstorm.hub;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Signer;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A device known to the hub: a PSK device or a certificate device, enabled or not.
 *
 * @param id          product id and device name
 * @param psk         the base64 PSK of a {@link AuthMode#KEY} device, else null
 * @param certificate the registered client certificate of a {@link AuthMode#CERTIFICATE} device, else null
 * @param enabled     a disabled device is refused with CONNACK 0x05
 */
public record Device(DeviceId id, String psk, X509Certificate certificate, boolean enabled) {

    public Device {
        Objects.requireNonNull(id, "id");
        if ((psk == null) == (certificate == null)) {
            throw new IllegalArgumentException("device " + id.clientId() + " needs exactly one of a PSK or a certificate");
        }
        if (psk != null) {
            Signer.decodePsk(psk); // rejects bad base64 at registration, not at the first CONNECT
        }
    }

    public static Device withPsk(DeviceId id, String base64Psk) {
        return new Device(id, base64Psk, null, true);
    }

    public static Device withCertificate(DeviceId id, X509Certificate certificate) {
        return new Device(id, null, certificate, true);
    }

    public AuthMode authMode() {
        return psk != null ? AuthMode.KEY : AuthMode.CERTIFICATE;
    }

    public Device withEnabled(boolean value) {
        return new Device(id, psk, certificate, value);
    }

    /** Never prints the PSK. */
    @Override
    public String toString() {
        return "Device[" + id.clientId() + ", " + authMode() + (enabled ? "" : ", disabled") + "]";
    }
}
