package io.fleetstorm.engine;

import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.tls.CertifiedKey;
import java.util.function.IntFunction;

/**
 * One device group as the engine runs it.
 *
 * @param name    the group's name (metrics label)
 * @param profile wire habits shared by its devices
 * @param count   number of devices
 * @param ids     device i's identity, for i in [0, count)
 * @param psks    device i's decoded PSK (null for certificate devices)
 * @param certificates device i's certificate and key (null for key devices)
 * @param gatewayGroup the group whose gateways carry these devices as sub-devices, or -1 (a connection each)
 * @param perGateway   sub-devices per gateway (device i is behind gateway i / perGateway); 1 for other groups
 */
public record GroupPlan(String name, DeviceProfile profile, int count, IntFunction<DeviceId> ids,
        IntFunction<byte[]> psks, IntFunction<CertifiedKey> certificates, int gatewayGroup, int perGateway) {

    /** A group of devices with a connection of their own. */
    public GroupPlan(String name, DeviceProfile profile, int count, IntFunction<DeviceId> ids,
            IntFunction<byte[]> psks, IntFunction<CertifiedKey> certificates) {
        this(name, profile, count, ids, psks, certificates, -1, 1);
    }

    /** Whether the devices are sub-devices behind a gateway group's devices. */
    public boolean subDevices() {
        return gatewayGroup >= 0;
    }

    /** A group of key devices. */
    public static GroupPlan keyDevices(String name, DeviceProfile profile, int count, IntFunction<DeviceId> ids,
            IntFunction<byte[]> psks) {
        return new GroupPlan(name, profile, count, ids, psks, i -> null);
    }
}
