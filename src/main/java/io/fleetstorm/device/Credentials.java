package io.fleetstorm.device;

import io.fleetstorm.protocol.ConnId;
import io.fleetstorm.protocol.Expiry;
import io.fleetstorm.protocol.Signer;
import io.fleetstorm.protocol.UserName;
import java.util.random.RandomGenerator;

/** Signs a device's CONNECT the way its SDK does: a fresh connid and expiry at every (re)connect. */
final class Credentials {

    private Credentials() {
    }

    static String userName(String clientId, DeviceProfile profile, long epochMillis, RandomGenerator random) {
        Expiry expiry = switch (profile.expiryStyle()) {
            case NOW_PLUS -> Expiry.seconds(epochMillis / 1000 + profile.expirySeconds());
            case INT_MAX -> Expiry.javaAutoReconnect();
            case NOW_MILLIS -> Expiry.millis(epochMillis);
            case C_SDK_NEVER -> Expiry.never17();
        };
        return new UserName(clientId, profile.sdkAppId(), ConnId.random(random), expiry).encode();
    }

    /** The password of a key device, or a placeholder for a certificate device (the hub does not check it). */
    static String password(DeviceProfile profile, byte[] psk, String userName) {
        if (psk == null) {
            return null;
        }
        return Signer.password(profile.signMethod(), psk, userName);
    }
}
