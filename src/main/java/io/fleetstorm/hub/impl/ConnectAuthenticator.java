package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.AuthMode;
import io.fleetstorm.hub.ConnectRecord;
import io.fleetstorm.hub.Device;
import io.fleetstorm.hub.DeviceRegistry;
import io.fleetstorm.hub.HubLimits;
import io.fleetstorm.hub.RefusalReason;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.Signer;
import io.fleetstorm.protocol.UserName;
import io.fleetstorm.tls.CertificateMatch;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;

/**
 * The CONNECT rules of the protocol doc (sections 1 and 10) as one pure decision, in the order the cloud applies
 * them: protocol, keepalive, identity, credentials, expiry, enabled. The connect-rate rule needs the session and is
 * applied by the caller after this.
 */
final class ConnectAuthenticator {

    /** The decision: a refusal reason, or the authenticated device. */
    record Decision(RefusalReason refusal, Device device, UserName userName) {

        static Decision refuse(RefusalReason reason) {
            return new Decision(reason, null, null);
        }

        boolean accepted() {
            return refusal == null;
        }
    }

    private final DeviceRegistry registry;
    private final HubLimits limits;

    ConnectAuthenticator(DeviceRegistry registry, HubLimits limits) {
        this.registry = registry;
        this.limits = limits;
    }

    /**
     * @param connect        what the device sent (user name may be null)
     * @param password       the password, or null
     * @param peerCertificate the TLS client certificate, or null
     */
    Decision check(ConnectRecord connect, String password, X509Certificate peerCertificate, long nowMillis) {
        return check(connect, password, peerCertificate, null, nowMillis);
    }

    /**
     * As {@link #check(ConnectRecord, String, X509Certificate, long)}, for a connection whose TLS-PSK handshake
     * proved the key of {@code pskIdentity} (null otherwise): the CONNECT must then be for that ClientId (else
     * 0x03); its UserName and password may be absent, and are checked as usual when present.
     */
    Decision check(ConnectRecord connect, String password, X509Certificate peerCertificate, String pskIdentity,
            long nowMillis) {
        if (connect.protocolVersion() != 3 && connect.protocolVersion() != 4) {
            return Decision.refuse(RefusalReason.UNSUPPORTED_PROTOCOL);
        }
        if (connect.keepAliveSeconds() > limits.maxKeepAliveSeconds()) {
            return Decision.refuse(RefusalReason.KEEPALIVE_TOO_LONG);
        }
        Optional<DeviceId> id = registry.resolveClientId(connect.clientId());
        if (id.isEmpty()) {
            return Decision.refuse(RefusalReason.UNKNOWN_DEVICE);
        }
        Optional<Device> found = registry.device(id.get());
        if (found.isEmpty()) {
            return Decision.refuse(RefusalReason.UNKNOWN_DEVICE);
        }
        Device device = found.get();
        if (pskIdentity != null && !pskIdentity.equals(connect.clientId())) {
            return Decision.refuse(RefusalReason.CLIENT_ID_MISMATCH);
        }
        UserName userName = null;
        if (connect.userName() != null) {
            try {
                userName = UserName.parse(connect.userName());
            } catch (ProtocolException e) {
                return Decision.refuse(RefusalReason.MALFORMED_USERNAME);
            }
            if (!userName.clientId().equals(connect.clientId())) {
                return Decision.refuse(RefusalReason.CLIENT_ID_MISMATCH);
            }
        }
        if (pskIdentity != null && device.authMode() == AuthMode.KEY) {
            if (password != null && (userName == null
                    || !Signer.verify(password, Signer.decodePsk(device.psk()), connect.userName()))) {
                return Decision.refuse(RefusalReason.BAD_SIGNATURE);
            }
        } else if (device.authMode() == AuthMode.KEY) {
            if (userName == null) {
                return Decision.refuse(RefusalReason.MALFORMED_USERNAME);
            }
            if (password == null || !Signer.verify(password, Signer.decodePsk(device.psk()), connect.userName())) {
                return Decision.refuse(RefusalReason.BAD_SIGNATURE);
            }
        } else {
            // the password of a certificate device is not checked; its certificate is
            if (peerCertificate == null || !CertificateMatch.sameCertificate(peerCertificate, device.certificate())
                    || CertificateMatch.checkValidity(peerCertificate, Instant.ofEpochMilli(nowMillis)).isPresent()) {
                return Decision.refuse(RefusalReason.BAD_CERTIFICATE);
            }
        }
        if (userName != null && userName.expiry().isExpiredAt(nowMillis - limits.expiryGraceMs())) {
            return Decision.refuse(RefusalReason.EXPIRED);
        }
        if (!device.enabled()) {
            return Decision.refuse(RefusalReason.DISABLED);
        }
        return new Decision(null, device, userName);
    }
}
